import * as z from 'zod/mini';
import { Id, Num } from './common.js';
import type { Holds, SameType } from './same-type.js';

/** Every status word maps to one of four; anything unknown is still running. */
const Status = z.pipe(
  z.optional(z.string()),
  z.transform((s = 'pending') => {
    const word = s.toLowerCase();
    if (['completed', 'complete', 'success', 'succeeded', 'done'].includes(word)) return 'completed' as const;
    if (['failed', 'failure', 'error', 'cancelled', 'canceled'].includes(word)) return 'failed' as const;
    return word === 'pending' || word === 'queued' ? ('pending' as const) : ('processing' as const);
  }),
);

/**
 * Render status in every documented form: `{id, status, progress, outputUrl}` (envelope B) or the older
 * `{taskId, status, progress, output: {url}}`, or `outputFile`.
 */
export const RenderStatusSchema = z.pipe(
  z.looseObject({
    id: z.optional(Id),
    taskId: z.optional(Id),
    status: Status,
    progress: z.nullish(Num),
    outputUrl: z.nullish(z.string()),
    outputFile: z.nullish(z.string()),
    output: z.nullish(z.looseObject({ url: z.nullish(z.string()) })),
    error: z.optional(z.unknown()),
    createdAt: z.nullish(Num),
    completedAt: z.nullish(Num),
  }),
  z.transform(({ id, taskId, outputUrl, outputFile, output, error, progress, createdAt, completedAt, ...rest }) => ({
    ...rest,
    id: id ?? taskId ?? '',
    progress: Math.max(0, Math.min(100, progress ?? 0)),
    url: outputUrl ?? output?.url ?? outputFile ?? undefined,
    createdAt: createdAt ?? undefined,
    completedAt: completedAt ?? undefined,
    error: error == null ? undefined : typeof error === 'string' ? error : JSON.stringify(error),
  })),
);
/**
 * Where a render job is: `pending` → `processing` → `completed` (with `url`) or `failed` (with `error`).
 *
 * @example
 * ```ts
 * const { status, progress, url, error } = await nv.renders.retrieve(job.id);
 * ```
 */
export interface RenderStatus {
  /** The render job's id (`render_…`), from `id` or the older `taskId`; `renders.create` always sets it. */
  id: string;
  /**
   * `pending`, `processing`, `completed` or `failed`. The renderer's other words are mapped onto these
   * (`success` → completed, `cancelled` → failed, `queued` → pending); unknown ones count as `processing`.
   */
  status: 'pending' | 'processing' | 'completed' | 'failed';
  /** Percent done, 0 to 100; 0 when not sent. */
  progress: number;
  /** The MP4's download URL, once completed. */
  url: string | undefined;
  /** When the job was created, epoch ms, when sent. */
  createdAt: number | undefined;
  /** When the job finished, epoch ms, when sent. */
  completedAt: number | undefined;
  /** Why the job failed, as text (an object the service sent is JSON-encoded). */
  error: string | undefined;
}
type _RenderStatus = Holds<SameType<z.output<typeof RenderStatusSchema>, RenderStatus>>;
