import type { UploadedFile } from 'nemo-video';
import { downloadToFile } from 'nemo-video/node';
import type { CommandContext } from './context.js';

/** One local file, uploaded. */
export interface UploadOutcome {
  /** The local file's name. */
  filename: string;
  /** What the service made of it (usually one entry). */
  files: UploadedFile[];
}

/** Uploads `files` one after another into the session, each with its progress bar. */
export async function uploadFiles(ctx: CommandContext, sessionId: string, files: readonly File[]): Promise<UploadOutcome[]> {
  const outcomes: UploadOutcome[] = [];
  for (const file of files) {
    const label = `upload ${file.name}`;
    ctx.progress.bar(label, 0);
    const result = await ctx.client().uploads.create(
      sessionId,
      { file },
      { signal: ctx.signal, onProgress: ({ loaded, total }) => ctx.progress.bar(label, total ? (loaded / total) * 100 : 100) },
    );
    ctx.progress.done(`Uploaded ${file.name}`);
    outcomes.push({ filename: file.name, files: result.files });
  }
  return outcomes;
}

/** Downloads `url` to `path` (nothing is left behind if it fails); resolves to the size written. */
export async function saveVideo(ctx: CommandContext, url: string, path: string): Promise<number> {
  ctx.progress.step(`Downloading to ${path}…`);
  try {
    const { bytes } = await downloadToFile(ctx.client(), url, path, { signal: ctx.signal });
    return bytes;
  } finally {
    ctx.progress.done();
  }
}
