import { APITimeoutError } from './errors/connection.js';
import { sleep } from './sleep.js';
import type { CallOptions } from './call-options.js';

/**
 * How to poll: how often, for how long in all, and each status request's own `timeout`.
 *
 * @example
 * ```ts
 * for await (const s of nv.renders.poll(id, { interval: 5_000, maxDuration: 600_000 })) console.log(s.progress);
 * ```
 */
export interface PollOptions extends CallOptions {
  /**
   * Milliseconds between checks; or a schedule, the wait after check number `check` (0 for the first).
   * @default 30000 for renders, as the service asks; sooner when the status answer's `Retry-After` says so (1-30 s)
   */
  interval?: number | ((check: number) => number) | undefined;
  /**
   * Give up (APITimeoutError) after this many milliseconds in all; the last check happens at the deadline.
   * (`timeout` is each status request's own limit, as everywhere.)
   * @default 900000 (15 minutes) for renders
   */
  maxDuration?: number | undefined;
}

/**
 * Calls `check` every `interval` ms and yields each result, until `finished` says so, `maxDuration` passes
 * or the signal aborts.
 */
export async function* poll<T>(
  check: () => Promise<T>,
  finished: (value: T) => boolean,
  { interval, maxDuration = Infinity, signal }: Pick<PollOptions, 'maxDuration' | 'signal'> & { interval: NonNullable<PollOptions['interval']> },
  what: string,
): AsyncGenerator<T, void, undefined> {
  const deadline = Date.now() + maxDuration;
  const wait = typeof interval === 'number' ? () => interval : interval;
  for (let checks = 0; ; checks++) {
    const value = await check();
    yield value;
    if (finished(value)) return;
    const left = deadline - Date.now();
    if (left <= 0) throw new APITimeoutError(`${what} did not finish within ${Math.round(maxDuration / 1000)} s (maxDuration).`);
    await sleep(Math.min(wait(checks), left), signal);
  }
}
