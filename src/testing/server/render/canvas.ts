/**
 * The canvas under the text: full-frame colours and pictures over time, as runs of frames, each run one
 * `color` source or one still picture.
 */

/** A time window in ms. */
export interface Span {
  start: number;
  end: number;
}

/** A full-frame colour over a span, or a picture fitted into the frame on that colour. */
export interface Layer {
  span: Span;
  color: string;
  /** A decodable image file to show, fitted and centred on `color`. */
  image?: string;
}

/** A run of `frames` frames of one colour, or of one picture on it. */
export interface ColorRun {
  frames: number;
  color: string;
  image?: string;
}

/**
 * Splits the timeline into runs of frames of one colour (or picture): at each frame the last layer covering
 * it wins, black where none does. Boundaries are rounded to whole frames, so text timed with `t` lines up.
 */
export function colorRuns(layers: readonly Layer[], durationMs: number, fps: number): ColorRun[] {
  const frame = (ms: number) => Math.round((ms * fps) / 1000);
  const total = Math.max(1, frame(durationMs));
  const cuts = new Set<number>([0, total]);
  for (const { span } of layers) {
    cuts.add(Math.min(total, frame(span.start)));
    cuts.add(Math.min(total, frame(span.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: ColorRun[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    if (to <= from) continue;
    let top: Pick<Layer, 'color' | 'image'> = { color: '0x000000' };
    for (const layer of layers) {
      if (frame(layer.span.start) <= from && frame(layer.span.end) >= to) top = layer;
    }
    const { color, image } = top;
    const last = runs[runs.length - 1];
    if (last && last.color === color && last.image === image) last.frames += to - from;
    else runs.push(image === undefined ? { frames: to - from, color } : { frames: to - from, color, image });
  }
  return runs;
}

/** A stable, not-too-bright colour for a background without a usable `color`. */
export function paletteColor(key: string): string {
  const palette = ['0x1F3A5F', '0x3D5A80', '0x2A9D8F', '0x6D597A', '0x8D5B4C', '0x355070', '0x264653', '0x5E548E'];
  let h = 0;
  for (const ch of key) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return palette[h % palette.length] ?? '0x1F3A5F';
}
