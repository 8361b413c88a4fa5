import type { APIPromise } from '../core/api-promise.js';
import type { CallOptions } from '../core/call-options.js';
import type { Transport } from '../core/transport.js';
import { CreditsSchema, type Credits } from '../schemas/credits.js';

/**
 * The account's credits. Generating a clip costs about 100, an editing session about 50; export is free.
 *
 * @example
 * ```ts
 * const { available } = await nv.credits.balance();
 * ```
 */
export class CreditsResource {
  readonly #transport: Transport;
  /** @internal The client makes this. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * The balance: `available`, `frozen` (held by work in progress) and `total`.
   *
   * @example
   * ```ts
   * const { available, frozen, total } = await nv.credits.balance();
   * ```
   */
  balance(options: CallOptions = {}): APIPromise<Credits> {
    return this.#transport.call(options, (options) => this.#transport.json({ ...options, method: 'GET', path: 'api/credits/balance/simple' }, CreditsSchema));
  }
}
