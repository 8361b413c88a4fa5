import { SessionNotFoundError } from '../core/errors/api.js';
import { NemoVideoError } from '../core/errors/base.js';
import { MAX_UPLOAD_BYTES } from '../core/limits.js';
import type { UploadProgress, UploadSource } from '../resources/uploads.js';
import type { UploadResult } from '../schemas/upload.js';
import { progressUpdates } from './progress-updates.js';
import { remedyUpdate, type Step, type StudioContext } from './studio-context.js';
import type { RemedyUpdate, StudioUpdate } from './studio-updates.js';
import { updatesWhile } from './updates-while.js';

/**
 * A file to upload: a `File` (its name is used), or any upload source with a filename whose extension
 * tells its type.
 *
 * @example
 * ```ts
 * const files: StudioFile[] = [input.files[0], { file: bytes, filename: 'intro.mp4' }];
 * ```
 */
export type StudioFile =
  | File
  | {
      /** The bytes: a Blob, a Uint8Array or a ReadableStream (up to 200 MB). */
      file: UploadSource;
      /** e.g. `intro.mp4`: its extension decides the type. */
      filename: string;
    };

/**
 * Uploads files into the session one after the other, with progress per file and a result each. A file
 * that fails (4001 type, 4002 size…) gets its remedy and the others still go; the last failure is returned.
 * A lost session (1002) is thrown, so the caller can start a new one and upload them all again.
 *
 * @example
 * ```ts
 * const failed = yield* uploadFiles(ctx, sessionId, [file], signal);
 * ```
 */
export async function* uploadFiles(ctx: StudioContext, sessionId: string, files: readonly StudioFile[], signal: AbortSignal): Step {
  let failed: RemedyUpdate | undefined;
  for (const item of files) {
    const [file, filename] = item instanceof Blob ? [item, item.name] : [item.file, item.filename];
    try {
      const { files: added } = yield* updatesWhile<StudioUpdate, UploadResult>((emit) => {
        const report = progressUpdates(emit, { stage: 'upload', filename });
        // An empty file (total 0) is all sent at once.
        const onProgress = ({ loaded, total }: UploadProgress) => report(total ? Math.floor((loaded * 100) / total) : 100);
        return ctx.client.uploads.create(sessionId, { file, filename }, { signal, onProgress });
      });
      yield { type: 'result', kind: 'upload', filename, files: added, message: `Uploaded ${filename}.` };
    } catch (error) {
      if (error instanceof SessionNotFoundError || !(error instanceof NemoVideoError) || signal.aborted) throw error;
      yield (failed = remedyUpdate(error, `${filename}: `));
    }
  }
  return failed;
}

/**
 * The offer Studio makes when files are wanted: the user said "upload" without sending any, or the agent
 * pointed at its upload button.
 *
 * @example
 * ```ts
 * yield askForFiles(); // { type: 'offer', action: 'upload', message: 'Send the files to upload with your message (mp4, mov, png, jpg… up to 200 MB).' }
 * ```
 */
export const askForFiles = (): StudioUpdate => ({
  type: 'offer',
  action: 'upload',
  message: `Send the files to upload with your message (mp4, mov, png, jpg… up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB).`,
});
