import type { APIPromise } from '../core/api-promise.js';
import { InvalidArgumentError } from '../core/errors/base.js';
import type { CallOptions } from '../core/call-options.js';
import type { Transport } from '../core/transport.js';
import { SessionSchema, type Session } from '../schemas/session.js';
import { describe } from './args.js';

/**
 * Chat sessions: each holds one project's timeline.
 *
 * @example
 * ```ts
 * const session = await nv.sessions.create({ language: 'en' });
 * ```
 */
export class Sessions {
  readonly #transport: Transport;
  readonly #language: string;
  /** @internal The client makes this. */
  constructor(transport: Transport, language: string) {
    this.#transport = transport;
    this.#language = language;
  }

  /**
   * Starts a session (and its project). `language` is an ISO tag such as `en`, `zh-CN` or `ja`; default the
   * client's `language`.
   *
   * @example
   * ```ts
   * const { id, taskId } = await nv.sessions.create({ language: 'zh-CN' });
   * ```
   */
  create({ language = this.#language, name = 'project' }: { language?: string; name?: string } = {}, options: CallOptions = {}): APIPromise<Session> {
    return this.#transport.call(options, async (options) => {
      if (typeof language !== 'string' || !/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(language)) {
        throw new InvalidArgumentError(`language must be an ISO language tag such as "en" or "zh-CN", got ${describe(language)}.`);
      }
      return this.#transport.json(
        { ...options, method: 'POST', path: 'api/tasks/me/with-session/nemo_agent', json: { task_name: name, language } },
        SessionSchema,
      );
    });
  }
}
