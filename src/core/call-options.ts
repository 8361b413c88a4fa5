/**
 * Options every call takes.
 *
 * @example
 * ```ts
 * await nv.credits.balance({ timeout: 5_000, signal: AbortSignal.timeout(10_000), headers: { 'x-trace-id': traceId }, maxRetries: 0 });
 * ```
 */
export interface CallOptions {
  /**
   * Abort the call, including any retry or wait in progress; the signal's reason (an `AbortError` by
   * default) is thrown as is.
   * @default undefined (the call runs until it settles)
   */
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds this request may take, reading its answer included (a stream's or a download's body
   * excepted: those are read as you go), overriding the client's `timeout`; `false` for none. A limit on a
   * whole operation (a render wait) is its `maxDuration` instead.
   * @default the client's `timeout` (60000); none for uploads and downloads
   */
  timeout?: number | false | undefined;
  /**
   * Headers for this call, over the client's `defaultHeaders`. `Authorization` and `X-Skill-*` are the SDK's
   * and refused here; headers the call needs (the stream's `Accept`) stay.
   * @default undefined (the client's `defaultHeaders` only)
   */
  headers?: Record<string, string> | undefined;
  /**
   * Retries of a transient failure for this call (see the client's `maxRetries`); 0 also turns off the
   * duplicate-render-id retry of `renders.create`.
   * @default the client's `maxRetries` (2)
   */
  maxRetries?: number | undefined;
}
