/**
 * One call in flight at a time, shared by everyone who asks meanwhile. It runs under the signal of the
 * caller that started it; should only that caller leave (its abort fails the call), the others start it
 * again under their own signal instead of failing with an abort that is not theirs.
 *
 * @example
 * ```ts
 * const refresh = sharedCall((signal) => fetchToken(signal));
 * const [a, b] = await Promise.all([refresh(signalA), refresh(signalB)]); // one fetchToken
 * ```
 */
export function sharedCall<T>(run: (signal?: AbortSignal) => Promise<T>): (signal?: AbortSignal) => Promise<T> {
  let pending: { promise: Promise<T>; signal: AbortSignal | undefined } | undefined;
  return async (signal) => {
    for (;;) {
      const shared = (pending ??= { signal, promise: run(signal).finally(() => (pending = undefined)) });
      try {
        return await shared.promise;
      } catch (error) {
        if (shared.signal === signal || !shared.signal?.aborted || signal?.aborted) throw error;
      }
    }
  };
}
