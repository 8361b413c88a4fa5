import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isAcceptedFilename, MAX_UPLOAD_BYTES, UnsupportedFileTypeError } from 'nemo-video';
import { openFile } from 'nemo-video/node';
import { InputFileError } from './errors.js';

/**
 * Checks every file before anything is sent (it exists, is a file, is not empty, is at most 200 MB, has an
 * accepted type), then opens them for streamed upload. One bad file fails the command before any request.
 */
export async function openInputFiles(paths: readonly string[]): Promise<File[]> {
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputFileError(`No file at "${path}": check the path.`);
    if (!info.isFile()) throw new InputFileError(`"${path}" is not a file.`);
    if (!isAcceptedFilename(basename(path))) throw new UnsupportedFileTypeError({ filename: basename(path) });
    if (info.size === 0) throw new InputFileError(`"${path}" is empty: nothing to upload.`);
    if (info.size > MAX_UPLOAD_BYTES) {
      throw new InputFileError(`"${path}" is ${(info.size / 1024 / 1024).toFixed(0)} MB, over the 200 MB limit: compress or trim it first.`);
    }
  }
  return Promise.all(paths.map((path) => openFile(path)));
}
