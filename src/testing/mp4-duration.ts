import { findBox, timesOf, tracks, versionOf, writeUint } from './mp4-boxes.js';

/**
 * Stretches a one-sample, one-track MP4 (the embedded tiny clips) to last `durationMs`, by patching the
 * durations in `mvhd`, `tkhd`, `elst`, `mdhd` and the sample's delta in `stts`. The single frame is then
 * shown for the whole time, so players and ffprobe report the draft's duration without re-encoding.
 * Returns `bytes` patched in place; throws if the file is not of that simple shape.
 */
export function setMp4Duration(bytes: Uint8Array, durationMs: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const moov = findBox(view, ['moov']);
  const mvhd = moov && findBox(view, ['mvhd'], moov.body, moov.end);
  const trak = moov && tracks(view, moov);
  if (!moov || !mvhd || trak?.length !== 1) throw new Error('setMp4Duration: expected an MP4 with one track.');
  const { body, end } = trak[0]!;
  const tkhd = findBox(view, ['tkhd'], body, end);
  const elst = findBox(view, ['edts', 'elst'], body, end);
  const mdhd = findBox(view, ['mdia', 'mdhd'], body, end);
  const stts = findBox(view, ['mdia', 'minf', 'stbl', 'stts'], body, end);
  if (!tkhd || !mdhd || !stts) throw new Error('setMp4Duration: the track lacks tkhd, mdhd or stts.');
  if (view.getUint32(stts.body + 4) !== 1 || view.getUint32(stts.body + 8) !== 1) {
    throw new Error('setMp4Duration: only a single-sample track can be stretched.');
  }

  // The movie timescale (mvhd) governs mvhd, tkhd and elst; the media timescale (mdhd) governs mdhd and stts.
  const movie = timesOf(view, mvhd);
  const movieUnits = (durationMs * movie.scale) / 1000;
  writeUint(view, movie.durationAt, movie.wide, movieUnits);
  const tkhdWide = versionOf(view, tkhd) === 1;
  writeUint(view, tkhd.body + (tkhdWide ? 28 : 20), tkhdWide, movieUnits);
  if (elst && view.getUint32(elst.body + 4) >= 1) writeUint(view, elst.body + 8, versionOf(view, elst) === 1, movieUnits);

  const media = timesOf(view, mdhd);
  const mediaUnits = (durationMs * media.scale) / 1000;
  writeUint(view, media.durationAt, media.wide, mediaUnits);
  writeUint(view, stts.body + 12, false, Math.min(mediaUnits, 0xffffffff));
  return bytes;
}

/** Reads the movie duration (ms), e.g. to check a render: undefined without a movie header, 0 if it has no timescale. */
export function mp4DurationMs(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mvhd = findBox(view, ['moov', 'mvhd']);
  if (!mvhd) return undefined;
  const { scale, duration } = timesOf(view, mvhd);
  return scale ? (duration * 1000) / scale : 0;
}
