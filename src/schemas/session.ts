import * as z from 'zod/mini';
import { Id } from './common.js';
import type { Holds, SameType } from './same-type.js';

/** `POST /api/tasks/me/with-session/nemo_agent` data. */
export const SessionSchema = z.pipe(
  z.looseObject({ session_id: Id, task_id: z.optional(Id), user_id: z.optional(Id) }),
  z.transform(({ session_id, task_id, user_id, ...rest }) => ({ ...rest, id: session_id, taskId: task_id, userId: user_id })),
);
/**
 * A chat session (and the task, i.e. project, it belongs to).
 *
 * @example
 * ```ts
 * const { id, taskId } = await nv.sessions.create();
 * ```
 */
export interface Session {
  /** The session id every other call takes (a string: it can exceed 2^53). */
  id: string;
  /** The task (project) the session belongs to; `nv.auth.claimLink` needs it. */
  taskId: string | undefined;
  /** The user who owns the session, when sent. */
  userId: string | undefined;
}
type _Session = Holds<SameType<z.output<typeof SessionSchema>, Session>>;
