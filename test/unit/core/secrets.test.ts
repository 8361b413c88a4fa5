// The token never leaves through a side door: not in error messages (even when the server echoes it),
// not in how a client or an error prints, not in log lines, not in URLs.
import { inspect } from 'node:util';
import { delay, http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { APIError, NemoVideo, NemoVideoError, tokenAuth, type Logger } from '../../../src/index.js';
import { anonymousClient, serveAnonymousTokens } from '../helpers/anonymous.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

const TOKEN = 'nmv_usr_testtoken'; // what helpers/client.ts sends
const BALANCE = `${BASE}/api/credits/balance/simple`;
const SESSIONS = `${BASE}/api/tasks/me/with-session/nemo_agent`;

afterEach(() => void vi.unstubAllEnvs());

/** Every way an error gets printed or serialised, joined, so one `not.toContain` covers them all. */
const renderings = (error: Error) =>
  [error.message, String(error), error.stack, inspect(error, { depth: 10 }), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)].join('\n');

/** Every way a client gets printed or serialised. */
const clientRenderings = (nv: NemoVideo) =>
  [JSON.stringify(nv), inspect(nv, { depth: 10 }), inspect(nv, { depth: 10, showHidden: true }), String(nv), `${nv}`].join('\n');

describe('error messages', () => {
  test.each([
    ['a 1001 message', 200, { code: 1001, message: `token ${TOKEN} is expired` }],
    ['a 2001 message', 200, { code: 2001, message: `user of ${TOKEN} has no credits` }],
    ['a 500 message', 500, { code: 5000, message: `failed for Authorization: Bearer ${TOKEN}` }],
    ['an ADK detail', 404, { detail: `Session not found for ${TOKEN}` }],
    ['an envelope B error', 400, { success: false, error: `bad token "${TOKEN}"` }],
  ])('a token echoed back in %s is redacted', async (_, status, body) => {
    server.use(http.get(BALANCE, () => HttpResponse.json(body, { status })));
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(renderings(error)).not.toContain(TOKEN);
    // The rest of the server's message is kept, so the redaction is visible rather than a silent drop.
    expect(error.message).toContain('nmv_[redacted]');
  });

  test('an anonymous token echoed back is redacted too', async () => {
    serveAnonymousTokens();
    server.use(http.get(BALANCE, () => HttpResponse.json({ code: 2001, message: 'no credits left for nmv_usr_anon1' })));
    const error = await rejectionOf(anonymousClient().credits.balance());
    expect(renderings(error)).not.toContain('nmv_usr_anon1');
  });

  test('a token refused as malformed is not quoted back', () => {
    const secret = 'nmv_usr_s3cret\nInjected: yes';
    const errors = [() => tokenAuth(secret), () => new NemoVideo({ baseURL: BASE, token: secret })].map((construct) => {
      try {
        construct();
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected the token to be refused');
    });
    for (const error of errors) expect(renderings(error)).not.toContain('s3cret');
  });

  test.each([
    ['a timeout', () => server.use(http.get(BALANCE, async () => (await delay('infinite'), HttpResponse.json({})))), { timeout: 50 }],
    ['a network error', () => server.use(http.get(BALANCE, () => HttpResponse.error())), {}],
    ['a malformed body', () => server.use(http.get(BALANCE, () => HttpResponse.text('{"code":0,"data":'))), {}],
    ['a rate limit', () => server.use(http.get(BALANCE, () => HttpResponse.json({}, { status: 429 }))), { retryRateLimit: false }],
  ])('%s, printed in full with its cause, holds no token', async (_, serve, options) => {
    serve();
    const error = await rejectionOf(client(options).credits.balance());
    expect(error).toBeInstanceOf(NemoVideoError);
    expect(renderings(error)).not.toContain(TOKEN);
  });
});

describe('printing a client', () => {
  test('with an explicit token', async () => {
    server.use(http.get(BALANCE, () => HttpResponse.json(ok({ available: 1 }))));
    const nv = client();
    await nv.credits.balance();
    expect(clientRenderings(nv)).not.toContain(TOKEN);
    // It still says something useful.
    expect(JSON.stringify(nv)).toBe(JSON.stringify({ baseURL: BASE }));
  });

  test('with a token from NEMO_TOKEN', () => {
    vi.stubEnv('NEMO_TOKEN', 'nmv_usr_fromenv');
    expect(clientRenderings(new NemoVideo({ baseURL: BASE }))).not.toContain('nmv_usr_fromenv');
  });

  test('after it acquired (and renewed) an anonymous token', async () => {
    serveAnonymousTokens();
    let n = 0;
    server.use(http.get(BALANCE, () => HttpResponse.json(++n === 1 ? { code: 1001 } : ok({ available: 1 }))));
    const nv = anonymousClient();
    await nv.credits.balance();
    const printed = clientRenderings(nv);
    expect(printed).not.toContain('nmv_usr_anon1');
    expect(printed).not.toContain('nmv_usr_anon2');
  });
});

describe('logs and URLs', () => {
  test('no log line and no request URL holds a token, through acquisition, renewal, 429 and 5xx retries', async () => {
    const lines: unknown[][] = [];
    const logger: Logger = { debug: (...args) => void lines.push(args), warn: (...args) => void lines.push(args) };
    const urls: string[] = [];
    const onRequest = ({ request }: { request: Request }) => void urls.push(request.url);
    server.events.on('request:start', onRequest);
    try {
      serveAnonymousTokens();
      let balanceCalls = 0;
      server.use(
        http.get(BALANCE, () => {
          balanceCalls++;
          if (balanceCalls === 1) return HttpResponse.json({ code: 1001, message: 'expired' }); // -> renewal
          if (balanceCalls === 2) return HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '0' } }); // -> 429 wait
          if (balanceCalls === 3) return HttpResponse.json({}, { status: 503, headers: { 'Retry-After': '0' } }); // -> backoff retry
          return HttpResponse.json(ok({ available: 1 }));
        }),
        http.post(SESSIONS, () => HttpResponse.json(ok({ task_id: 'task_1', session_id: '1' }))),
      );
      const nv = anonymousClient({ logger, maxRetries: 2 });
      await nv.credits.balance();
      await nv.sessions.create();
    } finally {
      server.events.removeListener('request:start', onRequest);
    }

    const logged = lines.map((args) => inspect(args, { depth: 10 })).join('\n');
    // The scenario really went through each recovery, and each was logged.
    expect(logged).toMatch(/renewed/);
    expect(logged).toMatch(/rate limited/);
    expect(logged).toMatch(/retry #1/);
    expect(urls.length).toBeGreaterThanOrEqual(7);
    for (const text of [logged, urls.join('\n')]) {
      expect(text).not.toContain('nmv_usr_anon1');
      expect(text).not.toContain('nmv_usr_anon2');
      expect(text).not.toMatch(/nmv_|Bearer/);
    }
  });

  test('with an explicit token, no log line holds it either', async () => {
    const lines: unknown[][] = [];
    const logger: Logger = { debug: (...args) => void lines.push(args), warn: (...args) => void lines.push(args) };
    server.use(http.get(BALANCE, () => HttpResponse.json({ code: 1001, message: `bad ${TOKEN}` })));
    await rejectionOf(client({ logger }).credits.balance());
    expect(lines.length).toBeGreaterThan(0);
    expect(inspect(lines, { depth: 10 })).not.toContain(TOKEN);
  });
});
