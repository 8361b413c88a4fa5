import { vi } from 'vitest';

/** The error a call rejects with; fails the test if the call succeeds instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * With fake timers on, advances them in steps until `promise` settles, so the SDK's backoff waits pass
 * instantly; then returns `promise` for the test to assert on. Fails if it has not settled by `maxMs`.
 */
export async function settle<T>(promise: Promise<T>, { stepMs = 500, maxMs = 30_000 } = {}): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let elapsed = 0; !settled && elapsed < maxMs; elapsed += stepMs) await vi.advanceTimersByTimeAsync(stepMs);
  if (!settled) throw new Error(`the call had not settled after ${maxMs} ms of fake time`);
  return promise;
}
