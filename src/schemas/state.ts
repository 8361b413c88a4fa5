import * as z from 'zod/mini';
import { Id, Json } from './common.js';
import { TimelineCodec } from './timeline.js';

/** Some versions send the draft as a JSON string; an empty or null draft means nothing is made yet. */
const Draft = z.pipe(
  z.nullish(z.union([z.string(), Json])),
  z.transform((d) => (typeof d === 'string' ? (d ? JSON.parse(d) : undefined) : (d ?? undefined))),
);

/** Decodes the draft, reporting a malformed one as an issue at `state.draft…` (raw keeps the original). */
function decodeDraft(draft: unknown, issues: z.core.$ZodRawIssue[]) {
  if (draft === undefined) return undefined;
  const result = z.safeDecode(TimelineCodec, draft as z.input<typeof TimelineCodec>);
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
    state: z._default(
      z.looseObject({
        draft: z.optional(Draft),
        video_infos: z.optional(z.array(z.unknown())),
        generated_media: z.optional(z.array(z.unknown())),
        canvas_config: z.optional(Json),
      }),
      {},
    ),
  }),
  z.transform(({ session_id, task_id, task_name, state }, ctx) => ({
    sessionId: session_id,
    taskId: task_id,
    taskName: task_name,
    /** The draft with readable names; undefined until something is generated. */
    draft: decodeDraft(state.draft, ctx.issues),
    /** Uploaded and generated media the session knows. */
    media: [...(state.video_infos ?? []), ...(state.generated_media ?? [])],
    canvas: state.canvas_config,
    /** The state exactly as sent, unknown fields included. */
    raw: state as Record<string, unknown>,
  })),
);
/** A session's current state. */
export type SessionState = z.output<typeof StateSchema>;
