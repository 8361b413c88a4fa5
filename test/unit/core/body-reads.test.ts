// Reading a response's body is part of the request: a connection lost while a body is read is an
// APIConnectionError (retried on a GET like any network error, never on a POST), a body that stalls after
// the headers ends with the call's `timeout`, and no buffered body is read past its cap. Whatever fetch
// throws, Error or not, comes out as a NemoVideoError.
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { APIConnectionError, APIError, APITimeoutError, NemoVideoError, ResponseValidationError } from '../../../src/index.js';
import { MAX_BODY_BYTES } from '../../../src/core/body.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf, settle } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';
import { onRunSse, serverStream } from '../helpers/sse.js';

const BALANCE = `${BASE}/api/credits/balance/simple`;
const SESSIONS = `${BASE}/api/tasks/me/with-session/nemo_agent`;
const encoder = new TextEncoder();
const JSON_HEADERS = { 'Content-Type': 'application/json' };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A body that sends `first`, then fails as a dropped connection does in undici. */
function cutBody(first: string): ReadableStream<Uint8Array> {
  const stream = serverStream();
  stream.send(first);
  // Failed on the reader's second pull, so the first chunk is read before the cut.
  queueMicrotask(() => queueMicrotask(() => stream.fail(new TypeError('terminated'))));
  return stream.body;
}

/** A body that sends `first`, then nothing more, ever (the connection stays open). */
function stalledBody(first: string): ReadableStream<Uint8Array> {
  const stream = serverStream();
  stream.send(first);
  return stream.body;
}

/** A body that never ends: 1 MiB of spaces each time it is read. */
const endlessBody = () => new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(new Uint8Array(1 << 20).fill(0x20)) });

/** Serves `responses` in order (the last one repeats) on `method url`; returns the request counter. */
function sequence(method: 'get' | 'post', url: string, responses: (() => Response)[]): { count: number } {
  const counter = { count: 0 };
  server.use(http[method](url, () => responses[Math.min(counter.count++, responses.length - 1)]!()));
  return counter;
}

describe('a connection lost while a body is read', () => {
  test('a JSON body cut mid-way is an APIConnectionError, never a raw TypeError', async () => {
    server.use(http.get(BALANCE, () => new HttpResponse(cutBody('{"code":0,"data":{"avail'), { headers: JSON_HEADERS })));
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(error.message).toMatch(/while the response was read: terminated/);
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'terminated' });
  });

  test('a GET is retried like any network error, and then resolves', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const requests = sequence('get', BALANCE, [
      () => new HttpResponse(cutBody('{"code":0,'), { headers: JSON_HEADERS }),
      () => HttpResponse.json(ok({ available: 1 })),
    ]);
    await expect(settle(client({ maxRetries: 2 }).credits.balance())).resolves.toMatchObject({ available: 1 });
    expect(requests.count).toBe(2);
  });

  test('a POST is not retried: one request, then APIConnectionError', async () => {
    const requests = sequence('post', SESSIONS, [() => new HttpResponse(cutBody('{"code":0,'), { headers: JSON_HEADERS })]);
    expect(await rejectionOf(client({ maxRetries: 3 }).sessions.create())).toBeInstanceOf(APIConnectionError);
    expect(requests.count).toBe(1);
  });

  test("an error's body cut mid-way still gives the status its error", async () => {
    server.use(http.get(BALANCE, () => new HttpResponse(cutBody('{"code":40'), { status: 400, headers: JSON_HEADERS })));
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 400, code: 400 });
  });

  test("the chat's JSON answer cut mid-way is an APIConnectionError, and the message is not sent again", async () => {
    const seen = onRunSse(() => new HttpResponse(cutBody('{"code":0,'), { headers: JSON_HEADERS }));
    const error = await rejectionOf(client({ maxRetries: 3 }).chat.stream('1', 'hello').finalText());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(seen).toHaveLength(1);
  });
});

describe('whatever fetch throws', () => {
  test.each([
    ['a string', () => Promise.reject('socket hang up')],
    ['undefined', () => Promise.reject(undefined)],
    ['a plain object', () => Promise.reject({ reason: 'reset' })],
    ['a synchronous throw', () => { throw 42; }],
    ['a DOMException', () => Promise.reject(new DOMException('network', 'NetworkError'))],
  ])('%s is an APIConnectionError', async (_, fetch) => {
    const error = await rejectionOf(client({ fetch: fetch as typeof globalThis.fetch }).credits.balance());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain('https://api.test');
    // The cause is kept as a plain Error (name, message, code, stack), whatever was thrown.
    if (error.cause !== undefined) expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('a body that stalls after the headers', () => {
  test('ends with the client timeout as APITimeoutError (a JSON call)', async () => {
    let requests = 0;
    server.use(http.get(BALANCE, () => (requests++, new HttpResponse(stalledBody('{"code":0,'), { headers: JSON_HEADERS }))));
    const error = await rejectionOf(client({ timeout: 50, maxRetries: 2 }).credits.balance());
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error.message).toMatch(/timed out/);
    expect(requests).toBe(1); // a timeout is not retried
  });

  test("ends with a per-call timeout as APITimeoutError (a POST's, an error's body)", async () => {
    server.use(
      http.post(SESSIONS, () => new HttpResponse(stalledBody('{"code":0,'), { headers: JSON_HEADERS })),
      http.get(BALANCE, () => new HttpResponse(stalledBody('<html>'), { status: 502 })),
    );
    expect(await rejectionOf(client().sessions.create({}, { timeout: 50 }))).toBeInstanceOf(APITimeoutError);
    expect(await rejectionOf(client().credits.balance({ timeout: 50 }))).toBeInstanceOf(APITimeoutError);
  });

  test('the timeout counts from the request, headers and body together', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.use(http.get(BALANCE, () => new HttpResponse(stalledBody('{'), { headers: JSON_HEADERS })));
    let settled = false;
    const call = rejectionOf(client({ timeout: 1_000 }).credits.balance()).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toBeInstanceOf(APITimeoutError);
  });
});

describe('size caps', () => {
  test(`a JSON body past ${MAX_BODY_BYTES} bytes is a ResponseValidationError, read no further`, async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => (pulled++, c.enqueue(new Uint8Array(1 << 20).fill(0x20))) });
    server.use(http.get(BALANCE, () => new HttpResponse(body, { headers: JSON_HEADERS })));
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ path: 'body' });
    expect(error.message).toContain(String(MAX_BODY_BYTES));
    expect(pulled).toBeLessThan(MAX_BODY_BYTES / (1 << 20) + 4);
  });

  test('a Content-Length over the cap is refused before the body is read', async () => {
    server.use(
      http.get(BALANCE, () => new HttpResponse(stalledBody('{'), { headers: { ...JSON_HEADERS, 'Content-Length': String(MAX_BODY_BYTES + 1) } })),
    );
    expect(await rejectionOf(client().credits.balance())).toBeInstanceOf(ResponseValidationError);
  });

  test('a JSON answer (not an event stream) on the chat is capped too', async () => {
    onRunSse(() => new HttpResponse(endlessBody(), { headers: JSON_HEADERS }));
    const error = await rejectionOf(client().chat.stream('1', 'hello').finalText());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toBeInstanceOf(NemoVideoError);
  });

  test("an error's body past the cap still gives the status its error", async () => {
    server.use(http.get(BALANCE, () => new HttpResponse(endlessBody(), { status: 500 })));
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(500);
  });
});

test('a body that reads fine resolves as before (many small chunks, a multi-byte character split)', async () => {
  const bytes = encoder.encode(JSON.stringify(ok({ available: 7, frozen: 0, total: 7, note: 'é中' })));
  const stream = serverStream();
  for (const byte of bytes) stream.send(new Uint8Array([byte]));
  stream.close();
  server.use(http.get(BALANCE, () => new HttpResponse(stream.body, { headers: JSON_HEADERS })));
  await expect(client().credits.balance()).resolves.toMatchObject({ available: 7 });
});
