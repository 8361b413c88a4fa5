import { createWriteStream, openAsBlob } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { DownloadOptions, NemoVideo } from '../client.js';
import { InvalidArgumentError } from '../core/errors/base.js';

/**
 * Opens a file on disk as a File for `nv.uploads.create`, without reading it into memory: the upload
 * streams it from disk.
 *
 * @example
 * ```ts
 * await nv.uploads.create(session.id, { file: await openFile('./clip.mp4') });
 * ```
 */
export async function openFile(path: string): Promise<File> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new InvalidArgumentError(`No file at "${path}": check the path.`);
  const blob = await openAsBlob(path);
  return new File([blob], basename(path));
}

/**
 * Downloads `url` (an export's result) to `path`. The file appears only when complete: a failed or aborted
 * download leaves nothing behind.
 *
 * @example
 * ```ts
 * const { url } = await nv.export(session.id);
 * await downloadToFile(nv, url, 'out/video.mp4');
 * ```
 */
export async function downloadToFile(
  client: NemoVideo,
  url: string,
  path: string,
  options: DownloadOptions = {},
): Promise<{
  /** Where the file was written: the `path` given. */
  path: string;
  /** The file's size in bytes. */
  bytes: number;
}> {
  const body = await client.download(url, options);
  const temporary = `${path}.${process.pid}.part`;
  try {
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), createWriteStream(temporary), { signal: options.signal });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { path, bytes: (await stat(path)).size };
}
