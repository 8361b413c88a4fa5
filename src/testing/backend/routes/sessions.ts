import { traits, type Route } from '../backend.js';
import { okA, readJsonBody } from '../http.js';

/** `POST /api/tasks/me/with-session/nemo_agent`: a new project and its session (19-digit id, as a string). */
export const createSession: Route = {
  ...traits(),
  auth: true,
  method: 'POST',
  pattern: /^\/api\/tasks\/me\/with-session\/nemo_agent$/,
  family: 'A',
  async handle({ backend: { store, config }, request, user }) {
    const body = await readJsonBody(request);
    const taskName = typeof body.task_name === 'string' && body.task_name ? body.task_name : 'project';
    const language = typeof body.language === 'string' && body.language ? body.language : 'en';
    const session = store.createSession(user.id, taskName, language, config.clock.now());
    return okA({ task_id: session.taskId, session_id: session.id, user_id: user.id });
  },
};
