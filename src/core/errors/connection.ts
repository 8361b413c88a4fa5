import { CLASS_NAME, NemoVideoError } from './base.js';

/**
 * The server could not be reached (DNS, refused, reset) after the retries allowed.
 *
 * @example
 * ```ts
 * if (err instanceof APIConnectionError) console.error('offline?', err.cause);
 * ```
 */
export class APIConnectionError extends NemoVideoError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'APIConnectionError';
}

/**
 * A request, or a wait such as `renders.wait`, took longer than its timeout.
 *
 * @example
 * ```ts
 * await nv.credits.balance({ timeout: 5_000 }); // may throw APITimeoutError
 * ```
 */
export class APITimeoutError extends APIConnectionError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'APITimeoutError';
}
