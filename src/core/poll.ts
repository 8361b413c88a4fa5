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
  /** Milliseconds between checks; or a schedule, the wait after check number `check` (0 for the first). */
  interval?: number | ((check: number) => number) | undefined;
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
  { interval, timeout = Infinity, signal }: PollOptions & { interval: NonNullable<PollOptions['interval']> },
  what: string,
): AsyncGenerator<T, void, undefined> {
  const deadline = Date.now() + timeout;
  const wait = typeof interval === 'number' ? () => interval : interval;
  for (let checks = 0; ; checks++) {
    const value = await check();
    yield value;
    if (finished(value)) return;
    const left = deadline - Date.now();
    if (left <= 0) throw new APITimeoutError(`${what} did not finish within ${Math.round(timeout / 1000)} s.`);
    await sleep(Math.min(wait(checks), left), signal);
  }
}
