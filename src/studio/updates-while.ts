/**
 * Runs `work`, which reports through callbacks (upload and render progress do), and yields what it emits as
 * it emits it; returns what `work` resolves to, or throws what it rejects with.
 *
 * @example
 * ```ts
 * const { url } = yield* updatesWhile((emit) => {
 *   const report = progressUpdates(emit, { stage: 'render' });
 *   return nv.export(id, { onProgress: ({ progress }) => report(progress) });
 * });
 * ```
 */
export async function* updatesWhile<U, T>(work: (emit: (update: U) => void) => Promise<T>): AsyncGenerator<U, T> {
  const queue: U[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  const running = work((update) => {
    queue.push(update);
    wake?.();
  }).finally(() => {
    settled = true;
    wake?.();
  });
  running.catch(() => undefined); // rethrown below, once what came before it has been yielded
  for (;;) {
    while (queue.length) yield queue.shift()!;
    if (settled) return await running;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
