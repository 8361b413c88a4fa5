import * as z from 'zod/mini';
import { Num } from './common.js';

const UploadedFile = z.pipe(
  z.looseObject({
    /** The file's name, as uploaded. */
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
    /** Where the service serves the file (its CDN URL). */
    url: cdn_url ?? url ?? undefined,
    /** Seconds, for video and audio. */
    duration: duration ?? undefined,
  })),
);

/** `POST /api/upload-video/nemo_agent/me/<sid>` data. */
export const UploadResultSchema = z.pipe(
  z.looseObject({ files: z.optional(z.array(UploadedFile)), session_state_applied: z.optional(z.boolean()) }),
  z.transform(({ files = [], session_state_applied, ...rest }) => ({
    ...rest,
    /** The files added, as the service describes them; empty when it listed none. */
    files,
    /** True when the service has already put the media on the session's timeline, when sent. */
    sessionStateApplied: session_state_applied,
  })),
);
/**
 * What an upload added to the session.
 *
 * @example
 * ```ts
 * const { files, sessionStateApplied } = await nv.uploads.create(session.id, { file });
 * ```
 */
export interface UploadResult extends z.output<typeof UploadResultSchema> {}
/**
 * One uploaded file as the service describes it (width, height, fps and hash kept when sent).
 *
 * @example
 * ```ts
 * const [first]: UploadedFile[] = (await nv.uploads.fromUrls(session.id, [clipUrl])).files;
 * ```
 */
export type UploadedFile = UploadResult['files'][number];
