import * as z from 'zod/mini';
import { Num } from './common.js';

const UploadedFile = z.pipe(
  z.looseObject({
    filename: z.optional(z.string()),
    file_type: z.optional(z.string()),
    cdn_url: z.nullish(z.string()),
    url: z.nullish(z.string()),
    duration: z.nullish(Num),
  }),
  z.transform(({ file_type, cdn_url, url, duration, ...rest }) => ({
    ...rest,
    /** `video`, `image` or `audio`. */
    type: file_type,
    url: cdn_url ?? url ?? undefined,
    /** Seconds, for video and audio. */
    duration: duration ?? undefined,
  })),
);

/** `POST /api/upload-video/nemo_agent/me/<sid>` data. */
export const UploadResultSchema = z.pipe(
  z.looseObject({ files: z.optional(z.array(UploadedFile)), session_state_applied: z.optional(z.boolean()) }),
  z.transform(({ files = [], session_state_applied, ...rest }) => ({ ...rest, files, sessionStateApplied: session_state_applied })),
);
/** What an upload added to the session. */
export interface UploadResult extends z.output<typeof UploadResultSchema> {}
/** One uploaded file as the service describes it (width, height, fps and hash kept when sent). */
export type UploadedFile = UploadResult['files'][number];
