import type { APIPromise } from '../core/api-promise.js';
import { sendable } from '../core/auth/token-auth.js';
import { InvalidArgumentError, ResponseValidationError } from '../core/errors/base.js';
import type { CallOptions } from '../core/call-options.js';
import type { Transport } from '../core/transport.js';
import { AnonymousTokenSchema, ClaimTokenSchema, type AnonymousToken, type ClaimLink } from '../schemas/auth.js';
import { checkId, describe } from './args.js';

/**
 * Tokens: the free anonymous one, and the link that hands a project to a web account.
 *
 * @example
 * ```ts
 * const { credits } = await nv.auth.anonymousToken({ clientId: crypto.randomUUID() });
 * ```
 */
export class Auth {
  readonly #transport: Transport;
  /** @internal The client makes this. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Asks for a free anonymous token (100 credits, 7 days) for `clientId`, a UUID kept per installation.
   * The client does this for you when it has no token; call it yourself to manage tokens by hand.
   *
   * @example
   * ```ts
   * const { token, expiresAt } = await nv.auth.anonymousToken({ clientId });
   * ```
   */
  anonymousToken({ clientId }: { clientId: string }, options: CallOptions = {}): APIPromise<AnonymousToken> {
    return this.#transport.call(options, async (options) => {
      if (typeof clientId !== 'string' || !/^[\x21-\x7e]{1,64}$/.test(clientId)) {
        throw new InvalidArgumentError(`clientId must be 1 to 64 visible ASCII characters (a UUID), got ${describe(clientId)}.`);
      }
      const grant = await this.#transport.json(
        { ...options, method: 'POST', path: 'api/auth/anonymous-token', auth: false, ownHeaders: { 'X-Client-Id': clientId } },
        AnonymousTokenSchema,
      );
      // A token that could not go in a header would fail every later call (or leak into their errors): refused
      // now, and never quoted.
      if (!sendable(grant.token)) {
        throw new ResponseValidationError(
          'Unexpected response: the anonymous token has spaces, line breaks or non-ASCII characters, so it cannot be sent; it was refused.',
          'data.token',
          'visible ASCII characters',
        );
      }
      return grant;
    });
  }

  /**
   * Makes a one-time link (valid about 7 days) that lets a person open the project in the NemoVideo web app
   * and keep it under their account. The token is not in the link.
   *
   * @example
   * ```ts
   * const { url } = await nv.auth.claimLink({ taskId: session.taskId!, sessionId: session.id });
   * ```
   */
  claimLink({ taskId, sessionId }: { taskId: string; sessionId: string }, options: CallOptions = {}): APIPromise<ClaimLink> {
    return this.#transport.call(options, async (options) => {
      const json = { task_id: checkId(taskId, 'taskId'), session_id: checkId(sessionId, 'sessionId') };
      return this.#transport.json({ ...options, method: 'POST', path: 'api/auth/claim-token', json }, ClaimTokenSchema);
    });
  }
}
