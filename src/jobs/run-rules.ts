import { InsufficientCreditsError, RateLimitError } from '../core/errors/api.js';
import { sleep } from '../core/sleep.js';

/**
 * The rules one run shares among its jobs (one per `runJobs` call, or per lone `runVideoJob`):
 *
 * - a 429 that the client surfaced pauses the whole run: every job waits out the pause before its next call,
 *   and the job that got it tries the refused call again (up to `retries` times);
 * - out of credits (2001) is remembered: the run starts no new job after it.
 */
export class RunRules {
  #pausedUntil = 0;
  #outOfCredits: InsufficientCreditsError | undefined;
  readonly #pauseMs: number | undefined;
  readonly #retries: number;

  constructor(pauseMs: number | undefined, retries: number) {
    this.#pauseMs = pauseMs;
    this.#retries = Math.max(0, Math.floor(retries));
  }

  /** The 2001 that stopped the run from starting jobs, if one came. */
  get outOfCredits(): InsufficientCreditsError | undefined {
    return this.#outOfCredits;
  }

  /** Notes an error a job stopped on: a 2001 stops the run from starting more jobs. */
  noteFailure(error: unknown): void {
    if (error instanceof InsufficientCreditsError) this.#outOfCredits ??= error;
  }

  /** Waits until the run is not paused. */
  async ready(signal: AbortSignal): Promise<void> {
    for (let left = this.#pausedUntil - Date.now(); left > 0; left = this.#pausedUntil - Date.now()) await sleep(left, signal);
  }

  /**
   * Runs `call` once the run is not paused. A RateLimitError pauses the run (reported through `onPause`) and,
   * within the retries, runs `call` again after the pause: a 429 means the request never ran.
   */
  async call<T>(call: () => Promise<T>, signal: AbortSignal, onPause: (ms: number) => void): Promise<T> {
    for (let retries = this.#retries; ; retries--) {
      await this.ready(signal);
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof RateLimitError) || signal.aborted) throw error;
        const ms = this.#pauseMs ?? error.retryAfter * 1000;
        this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms);
        onPause(ms);
        if (retries <= 0) throw error;
      }
    }
  }
}
