// The token never leaves through a side door: not in error messages (even when the server echoes it),
// not in how a client or an error prints, not in log lines, not in URLs.
import { inspect } from 'node:util';
import { delay, http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionError,
  APIError,
  InvalidArgumentError,
  NemoVideo,
  NemoVideoError,
  RenderFailedError,
  ResponseValidationError,
  StreamError,
  tokenAuth,
  type AuthStrategy,
  type Logger,
} from '../../../src/index.js';
import { anonymousClient, serveAnonymousTokens } from '../helpers/anonymous.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { Secrets } from '../../../src/core/secrets.js';
import { BASE, server } from '../helpers/server.js';
import { adk, collect, frame, onRunSse, serverStream, serveSse } from '../helpers/sse.js';

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
      const nv = anonymousClient({ logger, logLevel: 'debug', maxRetries: 2 });
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
    await rejectionOf(client({ logger, logLevel: 'debug' }).credits.balance());
    expect(lines.length).toBeGreaterThan(0);
    expect(inspect(lines, { depth: 10 })).not.toContain(TOKEN);
  });
});

describe('a token of any shape', () => {
  // Neither nmv_ nor clm_: only the client's own record of the tokens it sent can catch these.
  const shapes = ['my+own/Token==', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'k_9f8e7d6c5b4a39281706', 'Zm9vYmFyYmF6cXV4Cg'];
  const strategy = (token: string): AuthStrategy => ({ kind: 'vault', token: async () => token });
  /** Every way an error and its whole cause chain get printed or serialised. */
  const everything = (error: Error) => {
    const fields = Object.entries(error).map(([key, value]) => `${key}=${String(value)}`);
    return [renderings(error), inspect(error, { depth: Infinity, showHidden: true }), ...fields].join('\n');
  };

  test.each(shapes)('echoed in x-request-id, the detail and the message (%s), it is nowhere in the error', async (token) => {
    server.use(
      http.get(BALANCE, ({ request }) =>
        HttpResponse.json(
          { code: 5000, message: `rejected ${request.headers.get('authorization')}`, detail: token },
          { status: 500, headers: { 'x-request-id': token } },
        ),
      ),
    );
    const error = await rejectionOf(client({ authStrategy: strategy(token) }).credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(everything(error)).not.toContain(token);
    expect(error.requestId).toBe('[redacted]');
    expect(error.message).toContain('Bearer [redacted]');
  });

  test.each(shapes)('in what fetch throws, message and cause chain (a Request with the Bearer), it is nowhere (%s)', async (token) => {
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      const request = new Request(url, init);
      throw new TypeError(`fetch failed for ${request.headers.get('authorization')}`, {
        cause: Object.assign(new Error(`socket closed: ${token}`, { cause: { request, headers: request.headers } }), { code: 'ECONNRESET', request }),
      });
    };
    const error = await rejectionOf(client({ authStrategy: strategy(token), fetch: fetch as typeof globalThis.fetch }).credits.balance());
    expect(error).toBeInstanceOf(APIConnectionError);
    const printed = everything(error);
    expect(printed).not.toContain(token);
    expect(printed).not.toMatch(/Bearer [^[]/);
    // The chain is kept, as plain Errors with what helps: name, message, code.
    expect(error.cause).toMatchObject({ name: 'TypeError', cause: { code: 'ECONNRESET', message: 'socket closed: [redacted]' } });
    expect(error.cause.cause.request).toBeUndefined();
  });

  test.each(shapes)('in a chat stream, its errors and error events (%s)', async (token) => {
    const nv = client({ authStrategy: strategy(token) });
    // A terminal error event that echoes it: the event and finalText's StreamError.
    serveSse(frame({ error: `agent failed for ${token}` }));
    const events = await collect(nv.chat.stream('1', 'hi'));
    expect(JSON.stringify(events)).not.toContain(token);
    const terminal = await rejectionOf(nv.chat.stream('1', 'hi').finalText());
    expect(terminal).toBeInstanceOf(StreamError);
    expect(everything(terminal)).not.toContain(token);
    // An event that is not JSON, quoting it past the 80 characters kept: not even its start is left.
    serveSse(`data: ${'x'.repeat(70)} ${token} not json\n\n`);
    const bad = await rejectionOf(nv.chat.stream('1', 'hi').finalText());
    expect(bad).toBeInstanceOf(StreamError);
    expect(everything(bad)).not.toContain(token.slice(0, 4));
    // A connection cut whose error quotes it.
    onRunSse(() => {
      const stream = serverStream();
      stream.send(frame(adk([{ text: 'working' }])));
      queueMicrotask(() => queueMicrotask(() => stream.fail(new TypeError(`terminated ${token}`))));
      return stream;
    });
    const cut = await rejectionOf(nv.chat.stream('1', 'hi').finalText());
    expect(cut).toBeInstanceOf(StreamError);
    expect(everything(cut)).not.toContain(token);
  });

  test('in a failed render\'s reason, it is nowhere', async () => {
    const token = shapes[0]!;
    server.use(
      http.get(`${BASE}/api/render/proxy/lambda/render_1`, () => HttpResponse.json({ success: true, data: { status: 'failed', error: `bad auth ${token}` } })),
    );
    const error = await rejectionOf(client({ authStrategy: strategy(token) }).renders.wait('render_1', { interval: 1 }));
    expect(error).toBeInstanceOf(RenderFailedError);
    expect(everything(error)).not.toContain(token);
  });

  test('in log lines and printed streams, it is nowhere', async () => {
    const token = shapes[0]!;
    const lines: string[] = [];
    server.use(http.get(`${BASE}/files/*`, () => new HttpResponse(new Uint8Array([1]))));
    serveSse(frame(adk([{ text: 'hi' }])));
    const nv = client({ authStrategy: strategy(token), logger: { debug: (line) => lines.push(line), info: (line) => lines.push(line), warn: (line) => lines.push(line) }, logLevel: 'debug' });
    const body = await nv.download(`${BASE}/files/${encodeURIComponent(token)}/v.mp4`);
    const chat = nv.chat.stream('1', 'hi');
    await chat.finalText();
    const printed = [lines.join('\n'), inspect(body, { showHidden: true, depth: Infinity }), inspect(chat, { showHidden: true, depth: Infinity })].join('\n');
    expect(printed).not.toContain(token);
    expect(printed).not.toContain(encodeURIComponent(token));
    expect(lines).toContain('GET https://api.test/files/[redacted]/v.mp4');
  });

  test.each([
    ['a line break', 'nmv_usr_ok\r\nX-Injected: 1'],
    ['a space', 'nmv_usr two'],
    ['non-ASCII characters', 'nmv_usr_tökén'],
    ['a control character', 'nmv_usr_\u0007bell'],
  ])('handed out by the anonymous-token endpoint with %s, it is refused at once and never quoted', async (_, token) => {
    const balance = { count: 0 };
    server.use(
      http.post(`${BASE}/api/auth/anonymous-token`, () => HttpResponse.json(ok({ token, user_id: 'anon_1', credits: 100 }))),
      http.get(BALANCE, () => (balance.count++, HttpResponse.json(ok({ available: 1 })))),
    );
    const error = await rejectionOf(anonymousClient().credits.balance());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ path: 'data.token' });
    expect(everything(error)).not.toContain(token);
    expect(everything(error)).not.toContain('nmv_usr');
    expect(balance.count).toBe(0);
  });

  test.each([['tok en'], ['tök'], ['line\nbreak'], ['']])('from a custom strategy that could not be sent (%j), it is refused at once and never quoted', async (token) => {
    const seen = { count: 0 };
    server.use(http.get(BALANCE, () => (seen.count++, HttpResponse.json(ok({ available: 1 })))));
    const error = await rejectionOf(client({ authStrategy: strategy(token) }).credits.balance());
    expect(error).toBeInstanceOf(InvalidArgumentError);
    if (token) expect(everything(error)).not.toContain(token);
    expect(seen.count).toBe(0);
  });

  test("a custom strategy's own failure is a NemoVideoError with it as the cause", async () => {
    const auth: AuthStrategy = { kind: 'vault', token: () => Promise.reject(new Error('vault sealed')) };
    const error = await rejectionOf(client({ authStrategy: auth }).credits.balance());
    expect(error).toBeInstanceOf(NemoVideoError);
    expect(error.message).toMatch(/"vault" auth strategy .*vault sealed/);
  });
});

test('a token that spells part of the mask, or spells itself again next to it, is still taken out', () => {
  const inMask = new Secrets();
  inMask.add('redacted');
  expect(inMask.text('token redacted here')).toBe('token *** here');
  const reforming = new Secrets();
  reforming.add(']ab');
  // "]abab" becomes "[redacted]ab", which spells "]ab" again: nothing of such a text is kept.
  expect(reforming.text(']abab')).toBe('');
  const encoded = new Secrets();
  encoded.add('a/b=c');
  expect(encoded.text('see https://x.test/?t=a%2Fb%3Dc')).toBe('see https://x.test/?t=[redacted]');
  const quoted = new Secrets();
  quoted.add('a"b\\c');
  expect(quoted.text(JSON.stringify({ t: 'a"b\\c' }))).toBe('{"t":"[redacted]"}');
});
