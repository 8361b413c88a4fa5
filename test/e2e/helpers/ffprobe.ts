/** ffprobe from `@ffprobe-installer/ffprobe` (a dev dependency), made executable if npm left it without the bit. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { locateFfmpeg } from '../../../src/testing/server/render/index.js';

const run = promisify(execFile);

/** What the tests read of `ffprobe -show_streams -show_format`. */
export interface Probe {
  streams: Array<{ codec_type: string; codec_name: string; pix_fmt?: string; width?: number; height?: number; duration?: string }>;
  format: { format_name: string; duration: string };
}

/** Runs ffprobe on `file`; rejects if ffprobe does not accept it. */
export async function ffprobe(file: string): Promise<Probe> {
  // The ffprobe installer package has the ffmpeg one's shape ({ path, version }), so the renderer's locator
  // finds it, makes it executable and caches it.
  const found = await locateFfmpeg(undefined, '@ffprobe-installer/ffprobe');
  if (!found.ok) throw new Error(found.reason);
  const { stdout } = await run(found.path, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  return JSON.parse(stdout) as Probe;
}
