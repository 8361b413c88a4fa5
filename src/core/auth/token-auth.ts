import { InvalidArgumentError } from '../errors/base.js';
import type { AuthStrategy } from './strategy.js';

/** Whether `token` can go in an `Authorization: Bearer` header: visible ASCII, no spaces or line breaks. */
export const sendable = (token: unknown): token is string => typeof token === 'string' && /^[\x21-\x7e]+$/.test(token);

/**
 * A fixed token you already have (from `NEMO_TOKEN`, or registered). It is never renewed.
 *
 * @example
 * ```ts
 * new NemoVideo({ authStrategy: tokenAuth(process.env.MY_TOKEN!) });
 * ```
 */
export function tokenAuth(token: string): AuthStrategy {
  if (!sendable(token)) {
    throw new InvalidArgumentError('The token must be a non-empty string without spaces or line breaks.');
  }
  return { kind: 'token', token: async () => token };
}
