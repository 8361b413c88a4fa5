import { findBox, readUint, tracks, versionOf } from '../mp4-boxes.js';
import type { MediaFormat } from './media.js';

/** What the upload response tells about a file: seconds, pixels, frames per second. */
export interface MediaInfo {
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
  // Walk the top-level boxes by their headers only, so a 200 MB file is not read into memory.
  let moov: DataView | undefined;
  for (let at = 0; at + 8 <= blob.size; ) {
    const header = await viewOf(blob, at, at + 16);
    const size32 = header.getUint32(0);
    const size = size32 === 1 && header.byteLength >= 16 ? Number(header.getBigUint64(8)) : size32 === 0 ? blob.size - at : size32;
    const type = String.fromCharCode(header.getUint8(4), header.getUint8(5), header.getUint8(6), header.getUint8(7));
    if (size < 8) return undefined;
    if (type === 'moov') {
      if (size > MAX_MOOV) return undefined;
      moov = await viewOf(blob, at, at + size);
      break;
    }
    at += size;
  }
  if (!moov) return undefined;
  const root = findBox(moov, ['moov']);
  const mvhd = root && findBox(moov, ['mvhd'], root.body, root.end);
  if (!root || !mvhd) return undefined;
  const wide = versionOf(moov, mvhd) === 1;
  const scale = moov.getUint32(mvhd.body + (wide ? 20 : 12));
  const duration = scale ? readUint(moov, mvhd.body + (wide ? 24 : 16), wide) / scale : 0;
  const info: MediaInfo = { duration: round(duration), width: 0, height: 0, fps: 0 };
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
      const mdhdWide = versionOf(moov, mdhd) === 1;
      const mediaScale = moov.getUint32(mdhd.body + (mdhdWide ? 20 : 12));
      const mediaDuration = readUint(moov, mdhd.body + (mdhdWide ? 24 : 16), mdhdWide);
      let samples = 0;
      for (let i = 0, n = moov.getUint32(stts.body + 4); i < n; i++) samples += moov.getUint32(stts.body + 8 + i * 8);
      if (mediaDuration) info.fps = round((samples * mediaScale) / mediaDuration);
    }
    break;
  }
  return info;
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
