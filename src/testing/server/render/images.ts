/**
 * The uploaded images a draft shows, written to the work folder for ffmpeg, each checked first: one image
 * that is missing or that ffmpeg cannot decode is drawn as a card, never a failed render.
 */
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TRACK, type WireDraft } from '../../draft.js';
import type { MediaLookup } from '../../renderer.js';
import { RenderError } from './errors.js';
import { runFfmpeg } from './run.js';

/** The images ready for the plan, by url, and what was drawn as a card instead (and why). */
export interface PreparedImages {
  files: Map<string, string>;
  warnings: string[];
}

/** The check decodes one frame to this many pixels a side of RGB: a decodable image gives exactly that. */
const CHECK_SIDE = 8;
const CHECK_BYTES = CHECK_SIDE * CHECK_SIDE * 3;
/** A check that takes longer than this (a decompression bomb, say) counts as undecodable. */
const CHECK_TIMEOUT_MS = 15_000;
const EXTENSION = /\.(png|jpe?g|gif|webp)$/i;

/** The distinct urls of the draft's image segments (on video tracks), in order. */
export function imageUrls(draft: WireDraft): string[] {
  const urls = new Set<string>();
  for (const track of Array.isArray(draft.t) ? draft.t : []) {
    if (track?.tt !== TRACK.video || !Array.isArray(track.sg)) continue;
    for (const seg of track.sg as unknown as Array<Record<string, unknown> | null>) {
      if (seg?.kind === 'image' && typeof seg.url === 'string' && seg.url !== '') urls.add(seg.url);
    }
  }
  return [...urls];
}

/**
 * Looks up each image of `draft`, writes its bytes to `workDir` and has ffmpeg decode one frame of it.
 * Only the images that pass are returned; the others get a warning. An abort rejects with `aborted`.
 */
export async function prepareImages(
  draft: WireDraft,
  lookup: MediaLookup | undefined,
  { workDir, ffmpeg, signal }: { workDir: string; ffmpeg: string; signal?: AbortSignal | undefined },
): Promise<PreparedImages> {
  const prepared: PreparedImages = { files: new Map(), warnings: [] };
  if (!lookup) return prepared;
  // One at a time: the render queue already runs one ffmpeg at a time, and checks are tens of ms each.
  for (const [i, url] of imageUrls(draft).entries()) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await lookup(url);
    } catch (error) {
      prepared.warnings.push(`image ${url} could not be read (${(error as Error)?.message ?? String(error)}): drawn as a card`);
      continue;
    }
    if (!bytes?.byteLength) {
      prepared.warnings.push(`image ${url} is not held by the emulator: drawn as a card`);
      continue;
    }
    const path = join(workDir, `image-${i}${EXTENSION.exec(url.split(/[?#]/)[0] ?? '')?.[0]?.toLowerCase() ?? ''}`);
    await writeFile(path, bytes);
    if (await decodes(ffmpeg, path, join(workDir, `image-${i}.check`), signal)) prepared.files.set(url, path);
    else prepared.warnings.push(`image ${url} could not be decoded by ffmpeg: drawn as a card`);
  }
  return prepared;
}

/** True when ffmpeg decodes a frame of `path` (exit 0 and a whole tiny frame out: an empty output exits 0 too). */
async function decodes(ffmpeg: string, path: string, out: string, signal: AbortSignal | undefined): Promise<boolean> {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', path, '-frames:v', '1'];
  args.push('-vf', `scale=${CHECK_SIDE}:${CHECK_SIDE}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-y', out);
  try {
    await runFfmpeg(ffmpeg, args, { ...(signal && { signal }), timeoutMs: CHECK_TIMEOUT_MS });
    return (await stat(out)).size === CHECK_BYTES;
  } catch (error) {
    if (error instanceof RenderError && (error.code === 'aborted' || error.code === 'ffmpeg-unavailable')) throw error;
    return false;
  }
}
