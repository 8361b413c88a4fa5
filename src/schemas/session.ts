import * as z from 'zod/mini';
import { Id } from './common.js';

/** `POST /api/tasks/me/with-session/nemo_agent` data. */
export const SessionSchema = z.pipe(
  z.looseObject({ session_id: Id, task_id: z.optional(Id), user_id: z.optional(Id) }),
  z.transform(({ session_id, task_id, user_id, ...rest }) => ({ ...rest, id: session_id, taskId: task_id, userId: user_id })),
);
/** A chat session (and the task, i.e. project, it belongs to). */
export interface Session extends z.output<typeof SessionSchema> {}
