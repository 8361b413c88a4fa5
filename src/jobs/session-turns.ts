import { InvalidArgumentError } from '../core/errors/base.js';

/**
 * The parts of a job that change a shared session, each taken as a turn.
 *
 * @example
 * ```ts
 * const step: TurnStep = 'uploads';
 * ```
 */
export type TurnStep = 'uploads' | 'message';

/**
 * The turns of jobs that work in one session (`runJobs`' `session`), granted in a fixed order: every job's
 * uploads, in the jobs' order, then every job's messages, in order. One turn at a time, because the session
 * has one timeline and one media list: a message's change is then judged against a fingerprint no other job
 * moved, and an upload against a media count no other upload grew. Every file is in before the first message,
 * so each message sees the same media. A job that ends gives up the turns it has left. A run that cannot go on
 * (its store failed, an abort) stops them all: no turn is taken after it, as after a crash.
 *
 * @example
 * ```ts
 * const turns = new SessionTurns(['item-0', 'item-1']);
 * await turns.turn('item-1', 'message', send, signal); // waits for item-0's message turn (or its end)
 * ```
 */
export class SessionTurns {
  readonly #order: string[];
  readonly #over = new Set<string>();
  readonly #waiting = new Map<string, () => void>();
  #next = 0;
  #stopped: { reason: unknown } | undefined;

  constructor(ids: readonly string[]) {
    this.#order = [...ids.map((id) => `uploads:${id}`), ...ids.map((id) => `message:${id}`)];
  }

  /** Runs `work` in job `id`'s turn for `step`, once every turn before it is taken or given up. */
  async turn<T>(id: string, step: TurnStep, work: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const key = `${step}:${id}`;
    if (!this.#order.includes(key)) throw new InvalidArgumentError(`No turn for job "${id}" in this session.`);
    await this.#reach(key, signal);
    if (this.#stopped) throw this.#stopped.reason;
    try {
      return await work();
    } finally {
      this.#end(key);
    }
  }

  /** Job `id` is over: its turns not yet taken are given up. */
  leave(id: string): void {
    this.#end(`uploads:${id}`);
    this.#end(`message:${id}`);
  }

  /** No turn is taken any more: those waiting, and any asked for later, get `reason`. */
  stop(reason: unknown): void {
    this.#stopped ??= { reason };
    for (const wake of this.#waiting.values()) wake();
    this.#waiting.clear();
  }

  async #reach(key: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.#stopped || this.#order[this.#next] === key) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#waiting.delete(key);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.set(key, () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
    signal.throwIfAborted();
  }

  #end(key: string): void {
    this.#over.add(key);
    while (this.#next < this.#order.length && this.#over.has(this.#order[this.#next]!)) this.#next++;
    const next = this.#order[this.#next];
    const wake = next === undefined || this.#stopped ? undefined : this.#waiting.get(next);
    if (wake) {
      this.#waiting.delete(next!);
      wake();
    }
  }
}
