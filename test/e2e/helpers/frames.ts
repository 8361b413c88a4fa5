/** Frames of a rendered MP4 as RGB bytes, decoded with the renderer's ffmpeg, and pixels read from them. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { locateFfmpeg } from '../../../src/testing/server/render/index.js';

const run = promisify(execFile);

/** One decoded frame of `file` at `t` seconds, as RGB24 bytes at the video's size. */
export async function frameAt(file: string, t: number): Promise<Buffer> {
  const ffmpeg = await locateFfmpeg();
  if (!ffmpeg.ok) throw new Error(`ffmpeg is needed to read frames: ${ffmpeg.reason}`);
  const { stdout } = await run(
    ffmpeg.path,
    ['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/** The RGB of pixel (x, y) in a frame `width` wide. */
export function pixel(frame: Buffer, width: number, x: number, y: number): [number, number, number] {
  const i = (y * width + x) * 3;
  return [frame[i] ?? -1, frame[i + 1] ?? -1, frame[i + 2] ?? -1];
}

/** True when every channel of `a` is within `tolerance` of `b`'s (H.264 and yuv420p shift colours a little). */
export const near = (a: readonly number[], b: readonly number[], tolerance = 12): boolean =>
  a.every((v, i) => Math.abs(v - (b[i] ?? 0)) <= tolerance);
