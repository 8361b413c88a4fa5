import { constants as fsConstants } from 'node:fs';
import { access, chmod, copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where ffmpeg is, or why it cannot be used. */
export type FfmpegLocation =
  | { ok: true; path: string; version?: string }
  | { ok: false; reason: string };

/** The optional package that ships a static ffmpeg (libx264, AAC, lavfi sources, drawtext/FreeType). */
const FFMPEG_PACKAGE = '@ffmpeg-installer/ffmpeg';

interface InstallerModule {
  path?: unknown;
  version?: unknown;
}

const cache = new Map<string, Promise<FfmpegLocation>>();

/**
 * Finds a runnable ffmpeg. `explicitPath` (e.g. a system ffmpeg) wins; otherwise the optional
 * `@ffmpeg-installer/ffmpeg` package is loaded with a dynamic `import()`, so this module loads fine when it
 * is not installed: the answer is then `{ ok: false }` and the caller falls back. The result is cached per
 * process.
 */
export function locateFfmpeg(explicitPath?: string, packageName: string = FFMPEG_PACKAGE): Promise<FfmpegLocation> {
  const key = explicitPath ?? `pkg:${packageName}`;
  let found = cache.get(key);
  if (!found) {
    found = explicitPath ? checkExplicit(explicitPath) : fromPackage(packageName);
    cache.set(key, found);
  }
  return found;
}

async function checkExplicit(path: string): Promise<FfmpegLocation> {
  try {
    return { ok: true, path: await ensureExecutable(path) };
  } catch (error) {
    return { ok: false, reason: `ffmpeg at ${path} cannot be run: ${describe(error)}` };
  }
}

async function fromPackage(packageName: string): Promise<FfmpegLocation> {
  let mod: InstallerModule & { default?: InstallerModule };
  try {
    // A variable specifier: neither TypeScript nor a bundler tries to resolve the optional package.
    const specifier = packageName;
    mod = (await import(specifier)) as InstallerModule & { default?: InstallerModule };
  } catch (error) {
    // Also reached when the package is installed but its platform package is not: its index throws then.
    return { ok: false, reason: `${packageName} is not installed or has no binary for this platform: ${describe(error)}` };
  }
  const info = mod.default ?? mod;
  if (typeof info.path !== 'string' || info.path === '') {
    return { ok: false, reason: `${packageName} did not give an ffmpeg path` };
  }
  try {
    const path = await ensureExecutable(info.path);
    return typeof info.version === 'string' ? { ok: true, path, version: info.version } : { ok: true, path };
  } catch (error) {
    return { ok: false, reason: `ffmpeg from ${packageName} cannot be run: ${describe(error)}` };
  }
}

/**
 * Returns a path to `file` that can be executed. npm may skip install scripts, so the platform package's
 * `chmod u+x ffmpeg` may not have run: the file is made executable in place, or, where that is not allowed
 * (read-only or foreign-owned node_modules), copied once into the temp dir and made executable there.
 */
export async function ensureExecutable(file: string): Promise<string> {
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  if (await isExecutable(file)) return file;
  try {
    await chmod(file, info.mode | 0o111);
    if (await isExecutable(file)) return file;
  } catch {
    // Fall through to the copy.
  }
  // Per user (the temp dir is shared) and per binary; a copy found there is trusted only when it is this
  // user's and the same size.
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `nemo-video-bin-${uid ?? 'u'}-${info.size}-${Math.trunc(info.mtimeMs)}`);
  const name = file.split(/[\\/]/).pop() ?? 'ffmpeg';
  const target = join(dir, name);
  if (await isOwnCopy(target, info.size, uid)) return target;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const dirInfo = await stat(dir);
  if (uid !== undefined && dirInfo.uid !== uid) throw new Error(`${dir} belongs to another user`);
  // Copy under a unique name, then rename, so concurrent callers never run a half-written binary.
  const partial = `${target}.${process.pid}.${Date.now()}.part`;
  await copyFile(file, partial);
  await chmod(partial, 0o755);
  await rename(partial, target);
  return target;
}

async function isOwnCopy(file: string, size: number, uid: number | undefined): Promise<boolean> {
  try {
    const info = await stat(file);
    return info.size === size && (uid === undefined || info.uid === uid) && (await isExecutable(file));
  } catch {
    return false;
  }
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
