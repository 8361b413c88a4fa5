/**
 * Where the SDK reports what it does (requests, retries, renewals). Never given a token.
 *
 * @example
 * ```ts
 * new NemoVideo({ logger: console });
 * ```
 */
export interface Logger {
  debug?(message: string, ...details: unknown[]): void;
  warn?(message: string, ...details: unknown[]): void;
}
