/**
 * Where the SDK reports what it does (requests, retries, renewals). Never given a token.
 *
 * @example
 * ```ts
 * new NemoVideo({ logger: console });
 * ```
 */
export interface Logger {
  /** Routine activity: each request, retry and token renewal. */
  debug?(message: string, ...details: unknown[]): void;
  /** Trouble the SDK is working around, e.g. a rate limit it waits out before retrying. */
  warn?(message: string, ...details: unknown[]): void;
}
