/**
 * A limit on how many tasks run at once: `run(task)` starts `task` when fewer than `max` are running,
 * else when one ends (first come, first served).
 *
 * @example
 * ```ts
 * const run = concurrencyLimit(2);
 * await Promise.all(files.map((file) => run(() => upload(file)))); // two at a time
 * ```
 */
export function concurrencyLimit(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, so `running` never dips and lets a newcomer jump the queue.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
