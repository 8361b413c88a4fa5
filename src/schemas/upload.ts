import * as z from 'zod/mini';
import { Num } from './common.js';
import type { Holds, SameType } from './same-type.js';

const UploadedFileSchema = z.pipe(
  z.looseObject({
    filename: z.optional(z.string()),
    file_type: z.optional(z.string()),
    cdn_url: z.nullish(z.string()),
    url: z.nullish(z.string()),
    duration: z.nullish(Num),
  }),
  z.transform(({ file_type, cdn_url, url, duration, ...rest }) => ({
    ...rest,
    type: file_type,
    url: cdn_url ?? url ?? undefined,
    duration: duration ?? undefined,
  })),
);

/** `POST /api/upload-video/nemo_agent/me/<sid>` data. */
export const UploadResultSchema = z.pipe(
  z.looseObject({ files: z.optional(z.array(UploadedFileSchema)), session_state_applied: z.optional(z.boolean()) }),
  z.transform(({ files = [], session_state_applied, ...rest }) => ({ ...rest, files, sessionStateApplied: session_state_applied })),
);
/**
 * What an upload added to the session.
 *
 * @example
 * ```ts
 * const { files, sessionStateApplied } = await nv.uploads.create(session.id, { file });
 * ```
 */
export interface UploadResult {
  /** The files added, as the service describes them; empty when it listed none. */
  files: UploadedFile[];
  /** True when the service has already put the media on the session's timeline, when sent. */
  sessionStateApplied: boolean | undefined;
}
type _UploadResult = Holds<SameType<z.output<typeof UploadResultSchema>, UploadResult>>;
/**
 * One uploaded file as the service describes it (width, height, fps and hash kept when sent).
 *
 * @example
 * ```ts
 * const [first]: UploadedFile[] = (await nv.uploads.fromUrls(session.id, [clipUrl])).files;
 * ```
 */
export interface UploadedFile {
  /** The file's name, as uploaded. */
  filename?: string | undefined;
  /** `video`, `image` or `audio`. */
  type: string | undefined;
  /** Where the service serves the file (its CDN URL). */
  url: string | undefined;
  /** Seconds, for video and audio. */
  duration: number | undefined;
}
type _UploadedFile = Holds<SameType<z.output<typeof UploadedFileSchema>, UploadedFile>>;
