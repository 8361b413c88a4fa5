/**
 * Node-only renderer for the emulator: turns a {@link WireDraft} into a real, playable H.264/AAC MP4 with
 * ffmpeg. ffmpeg comes from the optional `@ffmpeg-installer/ffmpeg` package (or `ffmpegPath`); when it is
 * missing, the render fails with a `RenderError` whose code is `ffmpeg-unavailable` (or
 * {@link tryRenderDraftToMp4} answers `{ ok: false, code: 'ffmpeg-unavailable' }`), so the caller can serve
 * a tiny placeholder MP4 instead.
 *
 * What is drawn: background segments as full-frame colour for their span; image segments as the uploaded
 * image itself, fitted into the frame (aspect kept, centred, letterboxed on the segment's colour, else
 * black), when {@link RenderOptions.media} gives its bytes and ffmpeg decodes them, else as a labelled card
 * (one bad image never fails a render); video segments as labelled cards (clips are not decoded); the
 * title large and centred, captions in the lower third, both over the pictures; and a quiet sine tone
 * standing in for the BGM at each segment's volume (silence elsewhere).
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { WireDraft } from '../../draft.js';
import { RenderError, type RenderErrorCode } from './errors.js';
import { locateFfmpeg } from './ffmpeg.js';
import { locateFonts, type FontSet } from './fonts.js';
import { planRender } from './graph.js';
import type { MediaLookup } from '../../renderer.js';
import { imageUrls, prepareImages } from './images.js';
import { runFfmpeg } from './run.js';

export { RenderError, type RenderErrorCode } from './errors.js';
export { locateFfmpeg, ensureExecutable, type FfmpegLocation } from './ffmpeg.js';
export { locateFonts, type FontSet } from './fonts.js';
export type { MediaLookup } from '../../renderer.js';

export interface RenderOptions {
  /**
   * Aborts the render: ffmpeg is killed and the promise rejects with code `aborted`.
   * @default undefined (the render runs until it ends or times out)
   */
  signal?: AbortSignal;
  /**
   * Parent folder for the work folder (text files, the MP4 before it is read).
   * @default the OS temp dir
   */
  tmpDir?: string;
  /**
   * Frames per second.
   * @default 30
   */
  fps?: number;
  /**
   * Scales the frame size down (or up) for speed, e.g. 0.5 renders 960x540 for 16:9.
   * @default 1
   */
  scale?: number;
  /**
   * Kills ffmpeg after this long.
   * @default 60 s plus twice the draft's duration
   */
  timeoutMs?: number;
  /**
   * An ffmpeg to use instead of the `@ffmpeg-installer/ffmpeg` package.
   * @default the `@ffmpeg-installer/ffmpeg` package's
   */
  ffmpegPath?: string;
  /**
   * Font files to use instead of the ones found (`dejavu-fonts-ttf`, `@fontsource/noto-sans-sc`,
   * system).
   * @default those found (`dejavu-fonts-ttf`, `@fontsource/noto-sans-sc`, the system's)
   */
  fonts?: FontSet;
  /**
   * Reads the bytes of an uploaded image by a segment's `url` (the emulator's server passes the
   * emulator's store of uploads). An image it has no bytes for, or that ffmpeg cannot decode, is drawn as
   * a labelled card, with a line in `warnings`.
   * @default undefined (every image segment is drawn as a labelled card)
   */
  media?: MediaLookup;
}

/** What a render produced. */
export interface RenderInfo {
  /** The MP4's path (for {@link renderDraftToFile}). */
  path: string;
  width: number;
  height: number;
  fps: number;
  durationMs: number;
  /** Wall time of the ffmpeg run. */
  elapsedMs: number;
  /** What was drawn differently from the draft, e.g. text skipped for want of a font. */
  warnings: string[];
}

/** The outcome of {@link tryRenderDraftToMp4}. */
export type RenderOutcome =
  | { ok: true; mp4: Uint8Array; info: Omit<RenderInfo, 'path'> }
  | { ok: false; code: RenderErrorCode; error: RenderError };

/** Renders `draft` to an MP4 file at `outPath` (written whole or not at all). */
export async function renderDraftToFile(
  draft: WireDraft,
  outPath: string,
  options: RenderOptions = {},
): Promise<RenderInfo> {
  await mkdir(dirname(outPath), { recursive: true });
  return withWorkDir(options, async (workDir) => {
    const partial = join(workDir, 'out.mp4');
    const info = await renderInto(draft, workDir, partial, options);
    try {
      await rename(partial, outPath);
    } catch {
      // Another device: copy through memory (these files are small).
      const tmp = `${outPath}.${process.pid}.part`;
      await writeFile(tmp, await readFile(partial));
      await rename(tmp, outPath);
    }
    return { ...info, path: outPath };
  });
}

/** Renders `draft` and returns the MP4's bytes. */
export async function renderDraftToMp4(draft: WireDraft, options: RenderOptions = {}): Promise<Uint8Array> {
  const { mp4 } = await renderBytes(draft, options);
  return mp4;
}

/**
 * Like {@link renderDraftToMp4}, but never throws a {@link RenderError}: it answers `{ ok: false, code }`,
 * where `code: 'ffmpeg-unavailable'` means "fall back to a placeholder".
 */
export async function tryRenderDraftToMp4(draft: WireDraft, options: RenderOptions = {}): Promise<RenderOutcome> {
  try {
    const { mp4, info } = await renderBytes(draft, options);
    return { ok: true, mp4, info };
  } catch (error) {
    if (error instanceof RenderError) return { ok: false, code: error.code, error };
    throw error;
  }
}

async function renderBytes(
  draft: WireDraft,
  options: RenderOptions,
): Promise<{ mp4: Uint8Array; info: Omit<RenderInfo, 'path'> }> {
  return withWorkDir(options, async (workDir) => {
    const out = join(workDir, 'out.mp4');
    const { path: _path, ...info } = await renderInto(draft, workDir, out, options);
    const buffer = await readFile(out);
    return { mp4: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), info };
  });
}

async function renderInto(draft: WireDraft, workDir: string, outPath: string, options: RenderOptions): Promise<RenderInfo> {
  const fonts = await locateFonts(options.fonts);
  const settings = {
    ...(options.fps !== undefined && { fps: options.fps }),
    ...(options.scale !== undefined && { scale: options.scale }),
    fonts,
    workDir,
    outPath,
  };
  let plan;
  try {
    plan = planRender(draft, settings);
  } catch (error) {
    throw new RenderError('invalid-draft', (error as Error).message, { cause: error });
  }
  const ffmpeg = await locateFfmpeg(options.ffmpegPath);
  if (!ffmpeg.ok) throw new RenderError('ffmpeg-unavailable', ffmpeg.reason);
  // The draft is known good by now: the images are looked up and checked, and the plan made again with
  // those that decode (the first plan draws them all as cards).
  if (options.media && imageUrls(draft).length) {
    const images = await prepareImages(draft, options.media, { workDir, ffmpeg: ffmpeg.path, signal: options.signal });
    plan = planRender(draft, { ...settings, images: images.files });
    plan.warnings.push(...images.warnings);
  }
  await Promise.all(plan.files.map((file) => writeFile(file.path, file.content, 'utf8')));
  const started = performance.now();
  await runFfmpeg(ffmpeg.path, plan.args, {
    ...(options.signal && { signal: options.signal }),
    timeoutMs: options.timeoutMs ?? 60_000 + 2 * plan.durationMs,
  });
  return {
    path: outPath,
    width: plan.width,
    height: plan.height,
    fps: plan.fps,
    durationMs: plan.durationMs,
    elapsedMs: Math.round(performance.now() - started),
    warnings: plan.warnings,
  };
}

async function withWorkDir<T>(options: RenderOptions, body: (dir: string) => Promise<T>): Promise<T> {
  if (options.signal?.aborted) {
    throw new RenderError('aborted', 'render aborted before it started', { cause: options.signal.reason });
  }
  const parent = options.tmpDir ?? tmpdir();
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, 'nemo-render-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
