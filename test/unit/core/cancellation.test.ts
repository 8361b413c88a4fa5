// Calls that take too long end in APITimeoutError; calls the user aborts end in the user's own abort
// reason, passed through untouched (not wrapped, not retried).
import { delay, http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { APIConnectionError, APITimeoutError, NemoVideoError } from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

const BALANCE = `${BASE}/api/credits/balance/simple`;

afterEach(() => void vi.useRealTimers());

/** A GET balance that never answers; `started` resolves when the request reaches the server. */
function hang(): { started: Promise<void>; count: () => number } {
  let count = 0;
  let arrived!: () => void;
  const started = new Promise<void>((resolve) => (arrived = resolve));
  server.use(
    http.get(BALANCE, async () => {
      count++;
      arrived();
      await delay('infinite');
      return HttpResponse.json(ok({ available: 1 }));
    }),
  );
  return { started, count: () => count };
}

describe('timeouts', () => {
  test('the client timeout ends a silent request with APITimeoutError', async () => {
    const endpoint = hang();
    const error = await rejectionOf(client({ timeout: 50 }).credits.balance());
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toBeInstanceOf(NemoVideoError);
    expect(error.message).toMatch(/timed out/);
    // A timeout is not retried, even on a GET with retries allowed.
    expect(endpoint.count()).toBe(1);
  });

  test('a per-call timeout overrides the client one', async () => {
    hang();
    const error = await rejectionOf(client({ timeout: 60_000 }).credits.balance({ timeout: 50 }));
    expect(error).toBeInstanceOf(APITimeoutError);
  });
});

describe('user abort', () => {
  test('aborting mid-request rejects with the signal’s AbortError itself, not a wrapped one', async () => {
    const endpoint = hang();
    const controller = new AbortController();
    const call = client({ maxRetries: 2 }).credits.balance({ signal: controller.signal });
    await endpoint.started;
    controller.abort();
    const error = await rejectionOf(call);
    expect(error).toBe(controller.signal.reason);
    expect(error.name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(NemoVideoError);
    expect(endpoint.count()).toBe(1);
  });

  test('a custom abort reason comes back as given', async () => {
    const endpoint = hang();
    const controller = new AbortController();
    const reason = new Error('user left the page');
    const call = client().credits.balance({ signal: controller.signal });
    await endpoint.started;
    controller.abort(reason);
    expect(await rejectionOf(call)).toBe(reason);
  });

  test('an already-aborted signal rejects with its reason', async () => {
    let requests = 0;
    server.use(http.get(BALANCE, () => (requests++, HttpResponse.json(ok({ available: 1 })))));
    const error = await rejectionOf(client().credits.balance({ signal: AbortSignal.abort() }));
    expect(error.name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(NemoVideoError);
    expect(requests).toBe(0);
  });

  test('aborting during a 429 wait ends the wait with the abort, without a second request', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let requests = 0;
    server.use(http.get(BALANCE, () => (requests++, HttpResponse.json({}, { status: 429 }))));
    const controller = new AbortController();
    let waiting!: () => void;
    const waitStarted = new Promise<void>((resolve) => (waiting = resolve));
    const call = client({ logger: { warn: () => waiting() }, logLevel: 'warn' }).credits.balance({ signal: controller.signal });
    await waitStarted;
    controller.abort();
    const error = await rejectionOf(call);
    expect(error).toBe(controller.signal.reason);
    expect(error.name).toBe('AbortError');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toBe(1);
  });
});
