import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isAcceptedFilename, MAX_UPLOAD_BYTES, UnsupportedFileTypeError } from 'nemo-video';
import { openFile } from 'nemo-video/node';
import { InputFileError } from './errors.js';

/**
 * What is wrong with a local file to upload, or undefined when it can be sent: it must exist, be a file, not
 * be empty, be at most 200 MB and have an accepted type. Nothing is read or sent.
 */
export async function inputFileProblem(path: string): Promise<InputFileError | UnsupportedFileTypeError | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return new InputFileError(`No file at "${path}": check the path.`);
  if (!info.isFile()) return new InputFileError(`"${path}" is not a file.`);
  if (!isAcceptedFilename(basename(path))) return new UnsupportedFileTypeError({ filename: basename(path) });
  if (info.size === 0) return new InputFileError(`"${path}" is empty: nothing to upload.`);
  if (info.size > MAX_UPLOAD_BYTES) {
    return new InputFileError(`"${path}" is ${(info.size / 1024 / 1024).toFixed(0)} MB, over the 200 MB limit: compress or trim it first.`);
  }
  return undefined;
}

/**
 * Checks every file before anything is sent (see {@link inputFileProblem}), then opens them for streamed
 * upload. One bad file fails the command before any request.
 */
export async function openInputFiles(paths: readonly string[]): Promise<File[]> {
  for (const path of paths) {
    const problem = await inputFileProblem(path);
    if (problem) throw problem;
  }
  return Promise.all(paths.map((path) => openFile(path)));
}
