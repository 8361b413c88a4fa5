/**
 * Where the SDK reports what it does (requests, responses, retries, renewals). Never given a token or a body.
 *
 * @example
 * ```ts
 * new NemoVideo({ logger: console, logLevel: 'debug' });
 * ```
 */
export interface Logger {
  /** Each request as it is sent, each retry and token renewal. */
  debug?(message: string, ...details: unknown[]): void;
  /** Each completed request: method, path, status, duration, retries and request id. */
  info?(message: string, ...details: unknown[]): void;
  /** Trouble the SDK is working around, e.g. a rate limit it waits out before retrying. */
  warn?(message: string, ...details: unknown[]): void;
  /** Failures the SDK cannot work around on its own. */
  error?(message: string, ...details: unknown[]): void;
}

/**
 * How much the SDK logs: each level includes those after it.
 *
 * @example
 * ```ts
 * const level: LogLevel = 'info';
 * ```
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

/** Whether `value` names a log level. */
export const isLogLevel = (value: unknown): value is LogLevel => LEVELS.includes(value as LogLevel);

/** `logger` with the methods below `level` taken out. */
export function leveled(logger: Logger | undefined, level: LogLevel): Logger {
  const from = LEVELS.indexOf(level);
  const out: Logger = {};
  for (const name of ['debug', 'info', 'warn', 'error'] as const) {
    const method = logger?.[name];
    if (method && LEVELS.indexOf(name) >= from) out[name] = method.bind(logger);
  }
  return out;
}
