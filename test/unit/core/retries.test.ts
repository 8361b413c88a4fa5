// What the SDK repeats by itself, and how often: a 429 once (after Retry-After, or 30 s), 5xx and network
// errors only on calls safe to repeat (up to maxRetries), and never a POST that may have been applied. Every
// wait is bounded: a Retry-After is honoured only when readable and at most 60 s.
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { APIConnectionError, APIError, APITimeoutError, RateLimitError } from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf, settle } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

const BALANCE = `${BASE}/api/credits/balance/simple`;
const SESSIONS = `${BASE}/api/tasks/me/with-session/nemo_agent`;
const balanceData = ok({ available: 1, frozen: 0, total: 1 });
const sessionData = ok({ task_id: 'task_1', session_id: '5529798706024415232' });

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Serves `responses` in order (the last one repeats) on `method url`; returns the request counter. */
function sequence(method: 'get' | 'post', url: string, responses: (() => Response)[]): { count: number } {
  const counter = { count: 0 };
  server.use(http[method](url, () => responses[Math.min(counter.count++, responses.length - 1)]!()));
  return counter;
}

const tooMany = (retryAfter?: string) => () =>
  HttpResponse.json({ message: 'rate limited' }, { status: 429, headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter } });
const serverError = (status = 500) => () => HttpResponse.json({ message: 'upstream failed' }, { status });

describe('429', () => {
  test('waits Retry-After and retries once, then succeeds', async () => {
    const requests = sequence('get', BALANCE, [tooMany('0'), () => HttpResponse.json(balanceData)]);
    await expect(client().credits.balance()).resolves.toMatchObject({ available: 1 });
    expect(requests.count).toBe(2);
  });

  test('a POST is retried once too (the server refused it, so nothing was applied)', async () => {
    const requests = sequence('post', SESSIONS, [tooMany('0'), () => HttpResponse.json(sessionData)]);
    await expect(client().sessions.create()).resolves.toMatchObject({ id: '5529798706024415232' });
    expect(requests.count).toBe(2);
  });

  test.each([
    ['the Retry-After it was given', '5', 5_000],
    ['the most it allows, 60 s', '60', 60_000],
    ['30 s, as the service documents, when there is no Retry-After', undefined, 30_000],
    ['30 s for an unreadable Retry-After', 'in a minute', 30_000],
  ])('waits %s before the retry', async (_, retryAfter, waitMs) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const requests = sequence('get', BALANCE, [tooMany(retryAfter), () => HttpResponse.json(balanceData)]);
    // The warning is logged just before the wait starts: it tells the test the 429 has been handled.
    let waiting!: () => void;
    const waitStarted = new Promise<void>((resolve) => (waiting = resolve));
    const call = client({ logger: { warn: () => waiting() }, logLevel: 'warn' }).credits.balance();
    await waitStarted;
    await vi.advanceTimersByTimeAsync(waitMs - 1);
    expect(requests.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toMatchObject({ available: 1 });
    expect(requests.count).toBe(2);
  });

  test('a second 429 surfaces RateLimitError after exactly two requests', async () => {
    const requests = sequence('get', BALANCE, [tooMany('0'), tooMany('5')]);
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(5);
    expect(requests.count).toBe(2);
  });

  test('retryRateLimit: false surfaces the first 429', async () => {
    const requests = sequence('get', BALANCE, [tooMany('0'), () => HttpResponse.json(balanceData)]);
    expect(await rejectionOf(client({ retryRateLimit: false }).credits.balance())).toBeInstanceOf(RateLimitError);
    expect(requests.count).toBe(1);
  });

  test('a rate limit sent as envelope code 429 inside an HTTP 200 is waited out the same way', async () => {
    const requests = sequence('get', BALANCE, [() => HttpResponse.json({ code: 429, message: 'slow down' }, { headers: { 'Retry-After': '0' } }), () => HttpResponse.json(balanceData)]);
    await expect(client().credits.balance()).resolves.toMatchObject({ available: 1 });
    expect(requests.count).toBe(2);
  });
});

describe('Retry-After, on any status', () => {
  const unavailable = (retryAfter?: string) => () =>
    HttpResponse.json({ message: 'busy' }, { status: 503, headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter } });

  test.each(['soon', '', '-1', '1.5', '1e3', 'Thu, 01 Jan 2099', 'NaN'])(
    'an unreadable one (%j) on a 503 gets the normal backoff: a GET with the default retries ends within 0.9 s',
    async (retryAfter) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const requests = sequence('get', BALANCE, [unavailable(retryAfter)]);
      // Backoffs of at most 300 and 600 ms (before: 120 s each, ky's cap for a Retry-After it could not read).
      const error = await rejectionOf(settle(client({ maxRetries: 2 }).credits.balance(), { stepMs: 100, maxMs: 900 }));
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: 503, retryAfter: undefined });
      expect(requests.count).toBe(3);
    },
  );

  test.each([
    ['seconds', '20'],
    ['an HTTP date', new Date(Date.now() + 20_000).toUTCString()],
  ])('a readable one within 60 s on a 503 (%s) is waited out as asked', async (_, retryAfter) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const requests = sequence('get', BALANCE, [unavailable(retryAfter), () => HttpResponse.json(balanceData)]);
    let settled = false;
    const call = client({ maxRetries: 2 }).credits.balance().finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(17_000);
    expect(requests.count).toBe(1);
    await vi.advanceTimersByTimeAsync(3_100);
    await expect(call).resolves.toMatchObject({ available: 1 });
    expect(settled).toBe(true);
    expect(requests.count).toBe(2);
  });

  test.each([
    ['a 503 on a GET', 'get', BALANCE, 503, APIError],
    ['a 429', 'get', BALANCE, 429, RateLimitError],
    ['a 429 on a POST', 'post', SESSIONS, 429, RateLimitError],
  ] as const)('past 60 s, %s ends at once with the error, carrying retryAfter', async (_, method, url, status, type) => {
    const requests = sequence(method, url, [() => HttpResponse.json({}, { status, headers: { 'Retry-After': '61' } })]);
    const nv = client({ maxRetries: 2 });
    const error = await rejectionOf(method === 'get' ? nv.credits.balance() : nv.sessions.create());
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, retryAfter: 61 });
    expect(requests.count).toBe(1);
  });

  test('ky\'s other rate-limit headers are not read: a 503 with only X-RateLimit-Reset gets the backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const requests = sequence('get', BALANCE, [() => HttpResponse.json({}, { status: 503, headers: { 'X-RateLimit-Reset': '100000' } })]);
    const error = await rejectionOf(settle(client({ maxRetries: 2 }).credits.balance(), { stepMs: 100, maxMs: 900 }));
    expect(error).toMatchObject({ status: 503 });
    expect(requests.count).toBe(3);
  });
});

describe('5xx', () => {
  test.each([0, 1, 3])('a GET is tried 1 + maxRetries (%i) times, then APIError', async (maxRetries) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const requests = sequence('get', BALANCE, [serverError()]);
    const error = await rejectionOf(settle(client({ maxRetries }).credits.balance()));
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(500);
    expect(requests.count).toBe(1 + maxRetries);
  });

  test.each([502, 503, 504])('a GET that gets %i and then succeeds resolves', async (status) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const requests = sequence('get', BALANCE, [serverError(status), () => HttpResponse.json(balanceData)]);
    await expect(settle(client({ maxRetries: 2 }).credits.balance())).resolves.toMatchObject({ available: 1 });
    expect(requests.count).toBe(2);
  });

  test('the retries back off: the second attempt is not sent at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // Full jitter draws from [0, delay): pin the draw to the top so the wait is the whole 300 ms.
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const requests = sequence('get', BALANCE, [serverError(), () => HttpResponse.json(balanceData)]);
    const call = client({ maxRetries: 2 }).credits.balance();
    await vi.advanceTimersByTimeAsync(250);
    expect(requests.count).toBe(1);
    await expect(settle(call)).resolves.toMatchObject({ available: 1 });
    expect(requests.count).toBe(2);
  });

  test('a POST is never retried: exactly one request', async () => {
    const requests = sequence('post', SESSIONS, [serverError(), () => HttpResponse.json(sessionData)]);
    const error = await rejectionOf(client({ maxRetries: 3 }).sessions.create());
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(500);
    expect(requests.count).toBe(1);
  });
});

describe('network errors', () => {
  test('a GET is retried up to maxRetries, then APIConnectionError', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const requests = sequence('get', BALANCE, [() => HttpResponse.error()]);
    const error = await rejectionOf(settle(client({ maxRetries: 2 }).credits.balance()));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(error.message).toContain('https://api.test');
    expect(requests.count).toBe(3);
  });

  test('a GET that fails once and then answers resolves', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const requests = sequence('get', BALANCE, [() => HttpResponse.error(), () => HttpResponse.json(balanceData)]);
    await expect(settle(client({ maxRetries: 2 }).credits.balance())).resolves.toMatchObject({ available: 1 });
    expect(requests.count).toBe(2);
  });

  test('a POST is not retried: one request, then APIConnectionError', async () => {
    const requests = sequence('post', SESSIONS, [() => HttpResponse.error()]);
    expect(await rejectionOf(client({ maxRetries: 3 }).sessions.create())).toBeInstanceOf(APIConnectionError);
    expect(requests.count).toBe(1);
  });
});
