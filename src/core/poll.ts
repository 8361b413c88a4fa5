import { APITimeoutError } from './errors/connection.js';
import { sleep } from './sleep.js';

/**
 * How to poll.
 *
 * @example
 * ```ts
 * for await (const s of nv.renders.poll(id, { interval: 5_000, timeout: 600_000 })) console.log(s.progress);
 * ```
 */
export interface PollOptions {
  /** Milliseconds between checks. */
  interval?: number | undefined;
  /** Give up (APITimeoutError) after this many milliseconds; the last check happens at the deadline. */
  timeout?: number | undefined;
  /** Stops polling, including a wait between checks; the signal's reason is thrown as is. */
  signal?: AbortSignal | undefined;
}

/**
 * Calls `check` every `interval` ms and yields each result, until `finished` says so, the timeout passes
 * or the signal aborts.
 */
export async function* poll<T>(
  check: () => Promise<T>,
  finished: (value: T) => boolean,
  { interval, timeout = Infinity, signal }: PollOptions & { interval: number },
  what: string,
): AsyncGenerator<T, void, undefined> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    yield value;
    if (finished(value)) return;
    const left = deadline - Date.now();
    if (left <= 0) throw new APITimeoutError(`${what} did not finish within ${Math.round(timeout / 1000)} s.`);
    await sleep(Math.min(interval, left), signal);
  }
}
