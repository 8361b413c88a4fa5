// What every request carries: the Bearer token (to the API's origin only) and the X-Skill-* attribution
// headers, without which the service blocks exports.
import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { detectPlatform } from '../../../src/index.js';
import { anonymousClient, inAWeek } from '../helpers/anonymous.js';
import { client, ok } from '../helpers/client.js';
import { BASE, server } from '../helpers/server.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Answers GET balance and returns the headers of each request it saw. */
function captureBalance(): Headers[] {
  const seen: Headers[] = [];
  server.use(
    http.get(`${BASE}/api/credits/balance/simple`, ({ request }) => {
      seen.push(request.headers);
      return HttpResponse.json(ok({ available: 1, frozen: 0, total: 1 }));
    }),
  );
  return seen;
}

describe('request headers', () => {
  test('a GET carries the Bearer token and the three X-Skill headers', async () => {
    const seen = captureBalance();
    await client().credits.balance();
    const [headers] = seen;
    expect(headers?.get('authorization')).toBe('Bearer nmv_usr_testtoken');
    expect(headers?.get('x-skill-source')).toBe('video-generator-free-api');
    // Kept in step with package.json, not with a constant that can drift from it.
    expect(headers?.get('x-skill-version')).toBe(pkg.version);
    expect(headers?.get('x-skill-platform')).toBe('unknown');
  });

  test('a POST carries them too, with a JSON content type', async () => {
    let headers: Headers | undefined;
    server.use(
      http.post(`${BASE}/api/tasks/me/with-session/nemo_agent`, ({ request }) => {
        headers = request.headers;
        return HttpResponse.json(ok({ task_id: 'task_1', session_id: '5529798706024415232' }));
      }),
    );
    await client().sessions.create();
    expect(headers?.get('authorization')).toBe('Bearer nmv_usr_testtoken');
    expect(headers?.get('x-skill-source')).toBe('video-generator-free-api');
    expect(headers?.get('x-skill-version')).toBe(pkg.version);
    expect(headers?.get('x-skill-platform')).toBe('unknown');
    expect(headers?.get('content-type')).toMatch(/^application\/json/);
  });

  test('the skill option overrides each X-Skill header', async () => {
    const seen = captureBalance();
    await client({ skill: { platform: 'cursor' } }).credits.balance();
    await client({ skill: { source: 'my-bot', version: '9.9.9', platform: 'terminal' } }).credits.balance();
    expect(seen[0]?.get('x-skill-platform')).toBe('cursor');
    // Only the overridden header changes.
    expect(seen[0]?.get('x-skill-source')).toBe('video-generator-free-api');
    expect(seen[0]?.get('x-skill-version')).toBe(pkg.version);
    expect(seen[1]?.get('x-skill-source')).toBe('my-bot');
    expect(seen[1]?.get('x-skill-version')).toBe('9.9.9');
    expect(seen[1]?.get('x-skill-platform')).toBe('terminal');
  });

  test('the anonymous-token call carries X-Client-Id and the X-Skill headers, but no Authorization', async () => {
    let tokenHeaders: Headers | undefined;
    server.use(
      http.post(`${BASE}/api/auth/anonymous-token`, ({ request }) => {
        tokenHeaders = request.headers;
        return HttpResponse.json(ok({ token: 'nmv_usr_anon', user_id: 'anon_1', expires_at: inAWeek(), credits: 100 }));
      }),
    );
    const seen = captureBalance();
    await anonymousClient({ clientId: 'client-123' }).credits.balance();
    expect(tokenHeaders?.get('x-client-id')).toBe('client-123');
    expect(tokenHeaders?.has('authorization')).toBe(false);
    expect(tokenHeaders?.get('x-skill-source')).toBe('video-generator-free-api');
    expect(tokenHeaders?.get('x-skill-version')).toBe(pkg.version);
    // The call it was fetched for then uses the new token.
    expect(seen[0]?.get('authorization')).toBe('Bearer nmv_usr_anon');
    expect(seen[0]?.has('x-client-id')).toBe(false);
  });

  test('the token goes to the API origin only: a CDN download (or a look-alike host) gets none', async () => {
    const auth: Record<string, string | null> = {};
    const bytes = () => new HttpResponse(new Uint8Array([1, 2, 3]));
    server.use(
      http.get(`${BASE}/api/render/proxy/r1/download`, ({ request }) => ((auth.api = request.headers.get('authorization')), bytes())),
      http.get('https://cdn.test/r1.mp4', ({ request }) => ((auth.cdn = request.headers.get('authorization')), bytes())),
      http.get('https://api.test.evil.test/r1.mp4', ({ request }) => ((auth.lookalike = request.headers.get('authorization')), bytes())),
    );
    const nv = client();
    for (const url of [`${BASE}/api/render/proxy/r1/download`, 'https://cdn.test/r1.mp4', 'https://api.test.evil.test/r1.mp4']) {
      await new Response(await nv.download(url)).arrayBuffer();
    }
    expect(auth).toEqual({ api: 'Bearer nmv_usr_testtoken', cdn: null, lookalike: null });
  });
});

describe('detectPlatform', () => {
  test.each([
    ['/home/me/.clawhub/skills/video/node_modules/nemo-video/dist/index.js', 'clawhub'],
    ['/home/me/.cursor/skills/video/node_modules/nemo-video/dist/index.js', 'cursor'],
    ['file:///Users/me/.cursor/skills/video/node_modules/nemo-video/dist/index.js', 'cursor'],
    ['C:\\Users\\me\\.clawhub\\skills\\video\\node_modules\\nemo-video\\dist\\index.cjs', 'clawhub'],
    ['C:\\Users\\me\\.cursor\\skills\\video\\node_modules\\nemo-video\\dist\\index.cjs', 'cursor'],
    // A .cursor folder outside skills/ is not a Cursor skill install.
    ['/home/me/.cursor/extensions/x/node_modules/nemo-video/dist/index.js', 'unknown'],
    ['/srv/app/node_modules/nemo-video/dist/index.js', 'unknown'],
    ['', 'unknown'],
  ])('%s -> %s', (path, platform) => {
    expect(detectPlatform(path)).toBe(platform);
  });
});
