import { findBox, timesOf, tracks, versionOf } from '../mp4-boxes.js';
import { mp4DurationMs } from '../mp4-duration.js';
import type { MediaFormat } from './media.js';

/** What the upload response tells about a file: seconds, pixels, frames per second. */
export interface MediaInfo {
  /** Seconds (0 for images). */
  duration: number;
  width: number;
  height: number;
  fps: number;
}

/** What a file is taken to be when its header cannot be read (e.g. random test bytes named `.mp4`). */
const DEFAULTS: Record<MediaFormat['kind'], MediaInfo> = {
  video: { duration: 10, width: 1920, height: 1080, fps: 30 },
  image: { duration: 0, width: 1920, height: 1080, fps: 0 },
  audio: { duration: 30, width: 0, height: 0, fps: 0 },
};

/** A moov box larger than this is not read (real ones are kilobytes to a few megabytes). */
const MAX_MOOV = 16 * 1024 * 1024;

/**
 * Reads duration and size from the file's header where that is cheap (MP4/MOV, PNG, GIF), reading only the
 * bytes it needs; anything else gets plausible defaults.
 */
export async function probeMedia(blob: Blob, format: MediaFormat): Promise<MediaInfo> {
  const fallback = DEFAULTS[format.kind];
  try {
    if (format.extension === 'mp4' || format.extension === 'mov' || format.extension === 'm4a') return (await probeMp4(blob)) ?? fallback;
    if (format.extension === 'png') return (await probePng(blob)) ?? fallback;
    if (format.extension === 'gif') return (await probeGif(blob)) ?? fallback;
  } catch {
    // an unreadable header is not the upload's problem: the defaults stand in
  }
  return fallback;
}

const viewOf = async (blob: Blob, start: number, end: number) => new DataView(await blob.slice(start, end).arrayBuffer());

async function probeMp4(blob: Blob): Promise<MediaInfo | undefined> {
  const bytes = await moovOf(blob);
  if (!bytes) return undefined;
  const moov = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const root = findBox(moov, ['moov']);
  const durationMs = mp4DurationMs(bytes);
  if (!root || durationMs === undefined) return undefined;
  const info: MediaInfo = { duration: round(durationMs / 1000), width: 0, height: 0, fps: 0 };
  for (const trak of tracks(moov, root)) {
    const hdlr = findBox(moov, ['mdia', 'hdlr'], trak.body, trak.end);
    if (!hdlr || handlerType(moov, hdlr.body) !== 'vide') continue;
    const tkhd = findBox(moov, ['tkhd'], trak.body, trak.end);
    if (tkhd) {
      const at = tkhd.body + (versionOf(moov, tkhd) === 1 ? 88 : 76);
      info.width = moov.getUint32(at) >>> 16; // 16.16 fixed point
      info.height = moov.getUint32(at + 4) >>> 16;
    }
    const mdhd = findBox(moov, ['mdia', 'mdhd'], trak.body, trak.end);
    const stts = findBox(moov, ['mdia', 'minf', 'stbl', 'stts'], trak.body, trak.end);
    if (mdhd && stts) {
      const media = timesOf(moov, mdhd);
      let samples = 0;
      for (let i = 0, n = moov.getUint32(stts.body + 4); i < n; i++) samples += moov.getUint32(stts.body + 8 + i * 8);
      if (media.duration) info.fps = round((samples * media.scale) / media.duration);
    }
    break;
  }
  return info;
}

/**
 * The file's `moov` box (undefined if none, or past {@link MAX_MOOV}), found by walking the top-level boxes
 * by their headers only, so a 200 MB file is not read into memory.
 */
async function moovOf(blob: Blob): Promise<Uint8Array | undefined> {
  for (let at = 0; at + 8 <= blob.size; ) {
    const header = await viewOf(blob, at, at + 16);
    const size32 = header.getUint32(0);
    const size = size32 === 1 && header.byteLength >= 16 ? Number(header.getBigUint64(8)) : size32 === 0 ? blob.size - at : size32;
    const type = String.fromCharCode(header.getUint8(4), header.getUint8(5), header.getUint8(6), header.getUint8(7));
    if (size < 8) return undefined;
    if (type === 'moov') return size > MAX_MOOV ? undefined : new Uint8Array(await blob.slice(at, at + size).arrayBuffer());
    at += size;
  }
  return undefined;
}

const handlerType = (view: DataView, body: number) =>
  String.fromCharCode(view.getUint8(body + 8), view.getUint8(body + 9), view.getUint8(body + 10), view.getUint8(body + 11));

async function probePng(blob: Blob): Promise<MediaInfo | undefined> {
  const view = await viewOf(blob, 0, 24);
  if (view.byteLength < 24 || view.getUint32(0) !== 0x89504e47) return undefined;
  return { duration: 0, width: view.getUint32(16), height: view.getUint32(20), fps: 0 };
}

async function probeGif(blob: Blob): Promise<MediaInfo | undefined> {
  const view = await viewOf(blob, 0, 10);
  if (view.byteLength < 10 || view.getUint32(0) !== 0x47494638) return undefined; // "GIF8"
  return { duration: 0, width: view.getUint16(6, true), height: view.getUint16(8, true), fps: 0 };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
