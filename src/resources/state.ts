import type { APIPromise } from '../core/api-promise.js';
import type { CallOptions } from '../core/call-options.js';
import type { Transport } from '../core/transport.js';
import { StateSchema, type SessionState } from '../schemas/state.js';
import { checkId } from './args.js';

/**
 * A session's current state: its timeline (draft) and media.
 *
 * @example
 * ```ts
 * const { draft } = await nv.state.get(session.id);
 * ```
 */
export class StateResource {
  readonly #transport: Transport;
  /** @internal The client makes this. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * The latest state, with the draft's short keys expanded into a {@link Timeline} (`raw` keeps the original).
   *
   * @example
   * ```ts
   * const state = await nv.state.get(session.id);
   * console.log(state.draft?.tracks.length ?? 0, 'tracks');
   * ```
   */
  get(sessionId: string, options: CallOptions = {}): APIPromise<SessionState> {
    return this.#transport.call(options, async (options) => {
      const path = `api/state/nemo_agent/me/${checkId(sessionId, 'sessionId')}/latest`;
      return this.#transport.json({ ...options, method: 'GET', path }, StateSchema);
    });
  }
}
