/** Just enough of the ISO base media format (MP4) to find boxes and read or patch a few fields. */

/** One box: its four-letter type, where it starts, where its body starts and where it ends. */
export interface Box {
  type: string;
  start: number;
  body: number;
  end: number;
}

/** The boxes directly inside `[from, to)` of `view`; stops quietly at a truncated or nonsensical header. */
export function* boxes(view: DataView, from = 0, to = view.byteLength): Generator<Box> {
  for (let at = from; at + 8 <= to; ) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(view.getUint8(at + 4), view.getUint8(at + 5), view.getUint8(at + 6), view.getUint8(at + 7));
    let body = at + 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(view.getBigUint64(at + 8));
      body = at + 16;
    } else if (size === 0) size = to - at; // "to the end of the file"
    if (size < body - at || at + size > to) return;
    yield { type, start: at, body, end: at + size };
    at += size;
  }
}

/** The first box at `path` (e.g. `['moov', 'trak', 'mdia', 'mdhd']`), following the first match at each level. */
export function findBox(view: DataView, path: readonly string[], from = 0, to = view.byteLength): Box | undefined {
  const [head, ...rest] = path;
  for (const box of boxes(view, from, to)) {
    if (box.type !== head) continue;
    return rest.length ? findBox(view, rest, box.body, box.end) : box;
  }
  return undefined;
}

/** Every `trak` box inside `moov`. */
export function tracks(view: DataView, moov: Box): Box[] {
  return [...boxes(view, moov.body, moov.end)].filter((b) => b.type === 'trak');
}

/** A full box's version byte (0: 32-bit times and durations, 1: 64-bit). */
export const versionOf = (view: DataView, box: Box): number => view.getUint8(box.body);

/**
 * A movie or media header's (`mvhd`, `mdhd`) timescale (units a second) and duration in those units, and
 * where the duration is kept, to patch it. The two headers lay these fields out alike.
 */
export function timesOf(view: DataView, header: Box): { scale: number; duration: number; durationAt: number; wide: boolean } {
  const wide = versionOf(view, header) === 1;
  const durationAt = header.body + (wide ? 24 : 16);
  return { scale: view.getUint32(header.body + (wide ? 20 : 12)), duration: readUint(view, durationAt, wide), durationAt, wide };
}

/** Reads a 32- or 64-bit unsigned field. */
export const readUint = (view: DataView, at: number, wide: boolean): number => (wide ? Number(view.getBigUint64(at)) : view.getUint32(at));

/** Writes a 32- or 64-bit unsigned field. */
export function writeUint(view: DataView, at: number, wide: boolean, value: number): void {
  if (wide) view.setBigUint64(at, BigInt(Math.round(value)));
  else view.setUint32(at, Math.min(0xffffffff, Math.round(value)));
}
