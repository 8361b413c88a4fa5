import { metadata } from '../../agent/dimensions.js';
import { traits, type Route } from '../backend.js';
import { codeFailure, okA } from '../http.js';
import { mediaWire } from './media-wire.js';

/** `GET /api/state/nemo_agent/me/<sid>/latest`: the session's draft (short keys) and media. */
export const sessionState: Route = {
  ...traits({ session: true }),
  auth: true,
  method: 'GET',
  pattern: /^\/api\/state\/nemo_agent\/me\/(?<sid>[^/]+)\/latest$/,
  family: 'A',
  async handle({ backend: { store }, params, user }) {
    const session = store.session(params.sid, user.id);
    if (!session) throw codeFailure(1002, `Session not found: ${params.sid}`);
    // Before anything is made, the canvas a first upload would get.
    const { width, height, aspect } = session.draft?.m ?? metadata('16:9');
    return okA({
      session_id: session.id,
      task_id: session.taskId,
      task_name: session.taskName,
      state: {
        draft: session.draft ?? null,
        video_infos: session.media.map(mediaWire),
        canvas_config: { width, height, aspect_ratio: aspect },
        video_analyses: session.analyses,
        generated_media: session.generated,
      },
    });
  },
};
