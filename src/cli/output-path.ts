import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { UsageError } from './errors.js';

const isDirectory = async (path: string) => (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
const exists = async (path: string) => (await stat(path).catch(() => undefined)) !== undefined;

/** `name`, else `name-1`, `name-2`… in `folder`: the first that does not exist yet. */
async function freeName(folder: string, name: string): Promise<string> {
  const extension = extname(name);
  const stem = basename(name, extension);
  for (let i = 0; ; i++) {
    const candidate = join(folder, i === 0 ? name : `${stem}-${i}${extension}`);
    if (!(await exists(candidate))) return candidate;
  }
}

/**
 * Where to write a download. `--out <file>` is used as given (an existing file is replaced once the new one
 * is complete); `--out <folder>` or no `--out` picks `fallback` there (in the current folder), numbered so
 * that nothing is overwritten. Checked before any work starts, so a typo costs no credits.
 */
export async function resolveOutputPath(out: string | undefined, fallback: string): Promise<string> {
  if (out === undefined) return freeName('.', fallback);
  if (!out.trim()) throw new UsageError('--out needs a file name, e.g. --out video.mp4.');
  if (await isDirectory(out)) return freeName(out, fallback);
  if (/[\\/]$/.test(out)) throw new UsageError(`--out: there is no folder "${out}".`);
  if (!(await isDirectory(dirname(out)))) throw new UsageError(`--out: there is no folder "${dirname(out)}" for "${out}".`);
  return out;
}

/** A file name for a download URL: its last path segment when it looks like one, else `video.mp4`. */
export function fileNameOf(url: string): string {
  let name = '';
  try {
    name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    name = '';
  }
  name = name.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '');
  if (!name) return 'video.mp4';
  return extname(name) ? name : `${name}.mp4`;
}
