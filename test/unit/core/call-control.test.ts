// Per-call control (issue 13, points 1, 3 and 4): a call's headers over the client's defaultHeaders over the
// SDK's, with the SDK's own (Authorization, X-Skill-*) out of reach; a per-call maxRetries; log levels and
// NEMO_LOG, with one line per response; hooks around every request, retries included, never shown the token.
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { InvalidArgumentError, NemoVideo, type HookRequest, type Logger } from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf, settle } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';
import { serveSse, frame, adk } from '../helpers/sse.js';

const BALANCE = `${BASE}/api/credits/balance/simple`;
const balance = ok({ available: 1, frozen: 0, total: 1 });

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** Serves `responses` in order (the last one repeats) on GET balance; returns each request's headers. */
function balanceSeen(responses: (() => Response)[] = [() => HttpResponse.json(balance)]): Headers[] {
  const seen: Headers[] = [];
  server.use(http.get(BALANCE, ({ request }) => (seen.push(request.headers), responses[Math.min(seen.length - 1, responses.length - 1)]!())));
  return seen;
}

describe('headers', () => {
  test('a call\'s headers win over defaultHeaders, whatever the case; both go with the SDK\'s own', async () => {
    const seen = balanceSeen();
    const nv = client({ defaultHeaders: { 'X-Tenant': 'acme', 'X-Trace': 'default' } });
    await nv.credits.balance({ headers: { 'x-trace': 'call' } });
    await nv.credits.balance();
    expect(seen[0]!.get('x-tenant')).toBe('acme');
    expect(seen[0]!.get('x-trace')).toBe('call');
    expect(seen[1]!.get('x-trace')).toBe('default');
    expect(seen[0]!.get('authorization')).toBe('Bearer nmv_usr_testtoken');
    expect(seen[0]!.get('x-skill-source')).toBeTruthy();
  });

  test.each([['Authorization'], ['authorization'], ['X-Skill-Source'], ['x-skill-version']])(
    '%s is the SDK\'s: refused in defaultHeaders and in a call\'s headers, with nothing sent',
    async (name) => {
      const seen = balanceSeen();
      expect(() => client({ defaultHeaders: { [name]: 'x' } })).toThrow(InvalidArgumentError);
      const error = await rejectionOf(client().credits.balance({ headers: { [name]: 'x' } }));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toContain(name);
      expect(seen).toHaveLength(0);
    },
  );

  test('the stream keeps the Accept it needs; a call\'s other headers go with it', async () => {
    const seen: Headers[] = [];
    server.use(http.post(`${BASE}/run_sse`, ({ request }) => (seen.push(request.headers), new HttpResponse(frame(adk([{ text: 'hi' }])), { headers: { 'Content-Type': 'text/event-stream' } }))));
    await client().chat.stream('1', 'hi', { headers: { Accept: 'application/json', 'X-Trace': 't1' } }).finalText();
    expect(seen[0]!.get('accept')).toBe('text/event-stream');
    expect(seen[0]!.get('x-trace')).toBe('t1');
  });

  test('defaultHeaders stay on the API: a download from another origin gets only the call\'s', async () => {
    const seen: Headers[] = [];
    server.use(http.get('https://cdn.test/v.mp4', ({ request }) => (seen.push(request.headers), new HttpResponse(new Uint8Array([1])))));
    const nv = client({ defaultHeaders: { 'X-Tenant': 'acme' } });
    await new Response(await nv.download('https://cdn.test/v.mp4', { headers: { 'X-Range-Id': 'r1' } })).arrayBuffer();
    expect(seen[0]!.get('x-tenant')).toBeNull();
    expect(seen[0]!.get('x-range-id')).toBe('r1');
    expect(seen[0]!.get('authorization')).toBeNull();
  });
});

describe('maxRetries per call', () => {
  const failing = () => HttpResponse.json({}, { status: 503 });

  test.each([
    [0, 1],
    [3, 4],
  ])('maxRetries: %i on the call makes %i requests, whatever the client says', async (maxRetries, requests) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const seen = balanceSeen([failing]);
    await rejectionOf(settle(client({ maxRetries: 1 }).credits.balance({ maxRetries }), { stepMs: 1_000, maxMs: 30_000 }));
    expect(seen).toHaveLength(requests);
  });

  test('a POST stays unretried whatever maxRetries the call gives', async () => {
    let posts = 0;
    server.use(http.post(`${BASE}/api/tasks/me/with-session/nemo_agent`, () => (posts++, HttpResponse.json({}, { status: 503 }))));
    await rejectionOf(client().sessions.create({}, { maxRetries: 5 }));
    expect(posts).toBe(1);
  });
});

describe('logging', () => {
  const capture = () => {
    const lines: Record<string, string[]> = { debug: [], info: [], warn: [], error: [] };
    const logger: Logger = {
      debug: (line) => void lines.debug!.push(line),
      info: (line) => void lines.info!.push(line),
      warn: (line) => void lines.warn!.push(line),
      error: (line) => void lines.error!.push(line),
    };
    return { lines, logger };
  };

  test('info: one line per response with method, path, status, duration, retries and request id; no token', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    balanceSeen([() => HttpResponse.json({}, { status: 503 }), () => HttpResponse.json(balance, { headers: { 'x-request-id': 'req_42' } })]);
    const { lines, logger } = capture();
    await settle(client({ logger, logLevel: 'info', maxRetries: 2 }).credits.balance());
    expect(lines.info).toHaveLength(1);
    expect(lines.info![0]).toMatch(/^GET \/api\/credits\/balance\/simple 200 in \d+ ms \(retries 1, request req_42\)$/);
    expect(lines.debug).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('nmv_usr_testtoken');
  });

  test.each([
    ['debug', ['debug', 'info']],
    ['info', ['info']],
    ['warn', []],
    ['off', []],
  ] as const)('logLevel %s lets through %j of a plain call', async (logLevel, levels) => {
    balanceSeen();
    const { lines, logger } = capture();
    await client({ logger, logLevel }).credits.balance();
    expect(Object.keys(lines).filter((level) => lines[level]!.length)).toEqual(levels);
  });

  test('NEMO_LOG sets the level where there is an environment; the option wins over it; a wrong one is refused', async () => {
    balanceSeen();
    vi.stubEnv('NEMO_LOG', 'info');
    const { lines, logger } = capture();
    await client({ logger }).credits.balance();
    expect(lines.info).toHaveLength(1);
    await client({ logger, logLevel: 'off' }).credits.balance();
    expect(lines.info).toHaveLength(1);
    vi.stubEnv('NEMO_LOG', 'loud');
    expect(() => client({ logger })).toThrow(/NEMO_LOG\) must be debug, info, warn, error or off/);
  });

  test('the default is warn, to the console: a rate-limit wait is said, a plain call is not', async () => {
    vi.stubEnv('NEMO_LOG', ''); // the unit project sets it off (vitest.config.ts)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      balanceSeen([() => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '0' } }), () => HttpResponse.json(balance)]);
      await new NemoVideo({ baseURL: BASE, token: 'nmv_usr_testtoken' }).credits.balance();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/^rate limited; retrying GET \/api\/credits\/balance\/simple in 0 s$/);
      expect(info).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      info.mockRestore();
    }
  });
});

describe('hooks', () => {
  test('beforeRequest sees every attempt without the token and may add headers; afterResponse and beforeRetry see what happened', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const seen = balanceSeen([() => HttpResponse.json({}, { status: 503 }), () => HttpResponse.json(balance)]);
    const before: HookRequest[] = [];
    const after: { status: number; durationMs: number }[] = [];
    const retries: { retryCount: number; status: number | undefined }[] = [];
    const nv = client({
      maxRetries: 2,
      hooks: {
        beforeRequest: (request) => {
          before.push(structuredClone(request));
          request.headers['x-tenant'] = `t${before.length}`;
        },
        afterResponse: ({ response, durationMs }) => void after.push({ status: response.status, durationMs }),
        beforeRetry: ({ retryCount, status }) => void retries.push({ retryCount, status }),
      },
    });
    await settle(nv.credits.balance());
    expect(before).toHaveLength(2);
    expect(before[0]).toMatchObject({ method: 'GET', url: BALANCE });
    expect(before[0]!.headers.authorization).toBeUndefined();
    expect(JSON.stringify(before)).not.toContain('nmv_usr_testtoken');
    expect(seen.map((h) => h.get('x-tenant'))).toEqual(['t1', 't2']);
    expect(seen[1]!.get('authorization')).toBe('Bearer nmv_usr_testtoken');
    expect(after.map((a) => a.status)).toEqual([503, 200]);
    expect(retries).toEqual([{ retryCount: 1, status: 503 }]);
  });

  test('a beforeRequest that sets Authorization fails the call, with nothing sent', async () => {
    const seen = balanceSeen();
    const nv = client({ hooks: { beforeRequest: (request) => void (request.headers.authorization = 'Bearer stolen') } });
    expect(await rejectionOf(nv.credits.balance())).toBeInstanceOf(InvalidArgumentError);
    expect(seen).toHaveLength(0);
  });

  test('beforeRetry hears of the 429 wait too, and uploads go through beforeRequest', async () => {
    balanceSeen([() => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '0' } }), () => HttpResponse.json(balance)]);
    server.use(http.post(`${BASE}/api/upload-video/nemo_agent/me/:sessionId`, () => HttpResponse.json(ok({ files: [] }))));
    const urls: string[] = [];
    const retried: (number | undefined)[] = [];
    const nv = client({ logLevel: 'off', hooks: { beforeRequest: (r) => void urls.push(r.url), beforeRetry: ({ status }) => void retried.push(status) } });
    await nv.credits.balance();
    expect(retried).toEqual([429]);
    await nv.uploads.create('1', { file: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), filename: 'a.png' }).catch(() => undefined);
    expect(urls.some((url) => url.includes('/api/upload-video/'))).toBe(true);
  });
});
