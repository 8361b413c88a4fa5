import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { client, ok } from '../helpers/client.js';
import { BASE, server } from '../helpers/server.js';

test('credits.balance sends the Bearer and X-Skill headers and unwraps envelope A', async () => {
  let headers: Headers | undefined;
  server.use(
    http.get(`${BASE}/api/credits/balance/simple`, ({ request }) => {
      headers = request.headers;
      return HttpResponse.json(ok({ available: 25000, frozen: 40, total: 25040 }));
    }),
  );
  await expect(client().credits.balance()).resolves.toEqual({ available: 25000, frozen: 40, total: 25040 });
  expect(headers?.get('authorization')).toBe('Bearer nmv_usr_testtoken');
  expect(headers?.get('x-skill-source')).toBe('video-generator-free-api');
  expect(headers?.get('x-skill-platform')).toBe('unknown');
});
