/** ffprobe from `@ffprobe-installer/ffprobe` (a dev dependency), made executable if npm left it without the bit. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureExecutable } from '../../../src/node/render/index.js';

const run = promisify(execFile);

/** What the tests read of `ffprobe -show_streams -show_format`. */
export interface Probe {
  streams: Array<{ codec_type: string; codec_name: string; pix_fmt?: string; width?: number; height?: number; duration?: string }>;
  format: { format_name: string; duration: string };
}

let binary: Promise<string> | undefined;

async function locate(): Promise<string> {
  const specifier = '@ffprobe-installer/ffprobe';
  const mod = (await import(specifier)) as { path?: string; default?: { path?: string } };
  const path = mod.default?.path ?? mod.path;
  if (!path) throw new Error(`${specifier} did not say where its ffprobe binary is.`);
  return ensureExecutable(path);
}

/** Runs ffprobe on `file`; rejects if ffprobe does not accept it. */
export async function ffprobe(file: string): Promise<Probe> {
  binary ??= locate();
  const { stdout } = await run(await binary, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  return JSON.parse(stdout) as Probe;
}
