import * as z from 'zod/mini';
import { Id, Json } from './common.js';
import { TimelineCodec } from './timeline.js';

/**
 * Decodes the draft (some versions send it as a JSON string; null or empty means nothing is made yet),
 * reporting a malformed one as an issue at `state.draft…`.
 */
function decodeDraft(draft: unknown, issues: z.core.$ZodRawIssue[]) {
  if (draft == null || draft === '') return undefined;
  let value = draft;
  try {
    if (typeof draft === 'string') value = JSON.parse(draft);
  } catch {
    // left as the string: the codec reports it as the wrong type
  }
  const result = z.safeDecode(TimelineCodec, value as z.input<typeof TimelineCodec>);
  if (result.success) return result.data;
  for (const issue of result.error.issues) issues.push({ ...issue, input: draft, path: ['state', 'draft', ...issue.path] } as z.core.$ZodRawIssue);
  return undefined;
}

/** `GET /api/state/nemo_agent/me/<sid>/latest` data. */
export const StateSchema = z.pipe(
  z.looseObject({
    session_id: z.optional(Id),
    task_id: z.optional(Id),
    task_name: z.optional(z.string()),
    state: z.optional(
      z.looseObject({
        draft: z.optional(z.unknown()),
        video_infos: z.optional(z.array(z.unknown())),
        generated_media: z.optional(z.array(z.unknown())),
        canvas_config: z.optional(Json),
      }),
    ),
  }),
  z.transform(({ session_id, task_id, task_name, state = {} }, ctx) => ({
    /** The session this state belongs to, when sent. */
    sessionId: session_id,
    /** The session's task (project), when sent. */
    taskId: task_id,
    /** The project's name (the `name` given to `sessions.create`), when sent. */
    taskName: task_name,
    /** The draft with readable names; undefined until something is generated. */
    draft: decodeDraft(state.draft, ctx.issues),
    /** Uploaded and generated media the session knows. */
    media: [...(state.video_infos ?? []), ...(state.generated_media ?? [])],
    /** The video canvas as sent (e.g. width, height, aspect ratio); undefined when not sent. */
    canvas: state.canvas_config,
    /** The state exactly as sent, unknown fields included. */
    raw: state as Record<string, unknown>,
  })),
);
/**
 * A session's current state.
 *
 * @example
 * ```ts
 * const { draft, media, canvas } = await nv.state.get(session.id);
 * ```
 */
export interface SessionState extends z.output<typeof StateSchema> {}
