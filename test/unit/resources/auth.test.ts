import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError } from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { recordRequests } from '../helpers/requests.js';
import { BASE, server } from '../helpers/server.js';

describe('auth.claimLink', () => {
  test('POSTs {task_id, session_id} with the Bearer and builds the claim URL from claim_token', async () => {
    let body: unknown;
    let authorization: string | null = null;
    server.use(
      http.post(`${BASE}/api/auth/claim-token`, async ({ request }) => {
        body = await request.json();
        authorization = request.headers.get('authorization');
        return HttpResponse.json(ok({ claim_token: 'clm_abc123', expires_in: 604800 }));
      }),
    );
    const link = await client().auth.claimLink({ taskId: 'task_1', sessionId: '5529798706024415232' });
    expect(body).toEqual({ task_id: 'task_1', session_id: '5529798706024415232' });
    expect(authorization).toBe('Bearer nmv_usr_testtoken');
    expect(link.url).toBe('https://nemovideo.com/workspace/claim?ct=clm_abc123');
    expect(link).toMatchObject({ expiresIn: 604800 });
  });

  test('escapes the claim token in the URL', async () => {
    server.use(http.post(`${BASE}/api/auth/claim-token`, () => HttpResponse.json(ok({ claim_token: 'clm_a+b/c=&x' }))));
    const { url } = await client().auth.claimLink({ taskId: 'task_1', sessionId: 's1' });
    expect(new URL(url).searchParams.get('ct')).toBe('clm_a+b/c=&x');
  });

  test.each([
    [{ taskId: '', sessionId: 's1' }],
    [{ taskId: 'task_1', sessionId: '../x' }],
  ])('refuses %j as InvalidArgumentError, sending nothing', async (ids) => {
    const seen = recordRequests();
    await expect(client().auth.claimLink(ids)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });
});

describe('auth.anonymousToken', () => {
  const grant = { token: 'nmv_usr_anon', user_id: 'anon_42', expires_at: '2026-03-18T00:00:00Z', credits: 100 };

  test('sends X-Client-Id without a Bearer and maps {token, userId, expiresAt, credits}', async () => {
    let headers: Headers | undefined;
    server.use(
      http.post(`${BASE}/api/auth/anonymous-token`, ({ request }) => {
        headers = request.headers;
        return HttpResponse.json(ok(grant));
      }),
    );
    const result = await client().auth.anonymousToken({ clientId: 'client-1' });
    expect(result).toMatchObject({ token: 'nmv_usr_anon', userId: 'anon_42', expiresAt: '2026-03-18T00:00:00Z', credits: 100 });
    expect(result).not.toHaveProperty('user_id');
    expect(headers?.get('x-client-id')).toBe('client-1');
    expect(headers?.get('authorization')).toBeNull();
  });

  test('accepts a 64-character client id', async () => {
    server.use(http.post(`${BASE}/api/auth/anonymous-token`, () => HttpResponse.json(ok(grant))));
    await expect(client().auth.anonymousToken({ clientId: 'c'.repeat(64) })).resolves.toMatchObject({ token: 'nmv_usr_anon' });
  });

  test.each([[''], ['c'.repeat(65)], ['has space'], ['ünïcode'], [undefined]])(
    'refuses client id %j as InvalidArgumentError, sending nothing',
    async (clientId) => {
      const seen = recordRequests();
      await expect(client().auth.anonymousToken({ clientId: clientId as string })).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(seen).toEqual([]);
    },
  );
});
