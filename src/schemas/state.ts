import * as z from 'zod/mini';
import { Id, Json } from './common.js';
import { TimelineCodec, type Timeline } from './timeline.js';
import type { Holds, SameType } from './same-type.js';

/**
 * Decodes the draft (some versions send it as a JSON string; null or empty means nothing is made yet),
 * reporting a malformed one as an issue at `state.draft…`.
 */
function decodeDraft(draft: unknown, issues: z.core.$ZodRawIssue[]): Timeline | undefined {
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
    sessionId: session_id,
    taskId: task_id,
    taskName: task_name,
    draft: decodeDraft(state.draft, ctx.issues),
    media: [...(state.video_infos ?? []), ...(state.generated_media ?? [])],
    canvas: state.canvas_config,
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
export interface SessionState {
  /** The session this state belongs to, when sent. */
  sessionId: string | undefined;
  /** The session's task (project), when sent. */
  taskId: string | undefined;
  /** The project's name (the `name` given to `sessions.create`), when sent. */
  taskName: string | undefined;
  /** The draft with readable names; undefined until something is generated. */
  draft: Timeline | undefined;
  /** Uploaded and generated media the session knows. */
  media: unknown[];
  /** The video canvas as sent (e.g. width, height, aspect ratio); undefined when not sent. */
  canvas: Record<string, unknown> | undefined;
  /** The state exactly as sent, unknown fields included. */
  raw: Record<string, unknown>;
}
type _SessionState = Holds<SameType<z.output<typeof StateSchema>, SessionState>>;
