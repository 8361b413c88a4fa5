import type { Timeline } from '../schemas/timeline.js';
import { charWidth, displayWidth } from './display-width.js';
import { segmentEnd, segmentLabels, segmentStart, trackName, visibleTracks } from './timeline-fields.js';

/**
 * How {@link drawTimeline} draws.
 *
 * @example
 * ```ts
 * const options: DrawTimelineOptions = { width: process.stdout.columns, color: true };
 * ```
 */
export interface DrawTimelineOptions {
  /**
   * Columns the picture may take, the track names included (a terminal's `columns`); taken as 30 to 1,000.
   * @default 80
   */
  width?: number | undefined;
  /**
   * Colour the bars with ANSI codes, two shades taking turns along a track and one hue per kind of track.
   * @default false
   */
  color?: boolean | undefined;
}

const MIN_WIDTH = 30;
const MAX_WIDTH = 1_000;
const HOUR = 3_600_000;
const NAME_MAX = 12;
/** The fewest columns between two ticks of the time axis, so their labels never touch. */
const TICK_GAP = 8;
const STEPS_MS = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, HOUR];
/** Adjacent segments take turns between two fills, so where one ends and the next begins shows without colour. */
const FILLS = ['█', '▓'] as const;
/** ANSI foreground codes, two shades per kind of track (by the order of `FILLS`). */
const HUES: Record<string, readonly [number, number]> = { video: [36, 34], audio: [32, 92], text: [33, 93] };
const OTHER_HUE = [35, 95] as const;

/** One column: what it shows ('' behind a wide character), whether a bar or label holds it, its colour. */
interface Cell {
  text: string;
  taken: boolean;
  hue: number;
}

const tick = (ms: number): string => {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const s = Math.round(ms / 1_000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** `text` cut to `room` columns, its end replaced by `…` when it had to be cut. */
function fit(text: string, room: number): string {
  if (displayWidth(text) <= room) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > room - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Writes `text` into `cells` from column `at`, a wide character taking two; returns the column after it. */
function put(cells: Cell[], at: number, text: string, hue: number): number {
  for (const char of text) {
    const w = charWidth(char);
    if (w === 0 && at > 0) cells[at - 1]!.text += char;
    else if (w > 0) {
      cells[at] = { text: char, taken: true, hue };
      if (w === 2) cells[at + 1] = { text: '', taken: true, hue };
      at += w;
    }
  }
  return at;
}

function render(cells: readonly Cell[], color: boolean): string {
  let end = cells.length;
  while (end > 0 && cells[end - 1]!.text === ' ') end--;
  let line = '';
  let hue = 0;
  for (const cell of cells.slice(0, end)) {
    if (color && cell.hue !== hue) line += cell.hue ? `\x1b[${cell.hue}m` : '\x1b[39m';
    hue = cell.hue;
    line += cell.text;
  }
  return color && hue ? `${line}\x1b[39m` : line;
}

const blank = (n: number): Cell[] => Array.from({ length: n }, () => ({ text: ' ', taken: false, hue: 0 }));

/**
 * The timeline as a picture for a terminal, like an editor's: a time axis with its ticks (seconds, `m:ss`
 * past a minute), then one row per track, its name at the left and each segment a bar at its place in time
 * with its label inside (or just after it, when the bar is too short), cut with `…` to fit. Touching segments
 * take turns between `█` and `▓`; a segment too short for a column still gets one. Labels are measured in
 * terminal columns, so Chinese, Japanese, Korean and emoji line up. An empty timeline is one line saying so.
 * Pure: no terminal is touched, lines come back without line breaks or trailing spaces.
 *
 * @example
 * ```ts
 * const { draft } = await nv.state.get(sessionId);
 * console.log(drawTimeline(draft, { width: process.stdout.columns }).join('\n'));
 * // at 50 columns:
 * //       0s       2s       4s      6s       8s    10s
 * //       ├────────┼────────┼───────┼────────┼───────┤
 * // Video █ city timelapse ███████████████████████████
 * // BGM   █ Lo-fi ████████████████████████████████████
 * // Title █ Urban Drea…
 * ```
 */
export function drawTimeline(timeline: Timeline | undefined, { width = 80, color = false }: DrawTimelineOptions = {}): string[] {
  const tracks = visibleTracks(timeline);
  if (!tracks.length) return ['Timeline is empty.'];
  const names = tracks.map((track) => fit(trackName(track), NAME_MAX));
  const gutter = Math.max(...names.map(displayWidth)) + 1;
  const cols = Math.min(Math.max(Number.isFinite(width) ? Math.floor(width) : 80, MIN_WIDTH), MAX_WIDTH) - gutter;
  const ends = [timeline?.durationMs ?? 0, ...tracks.flatMap((t) => t.segments.map(segmentEnd))];
  const total = Math.max(...ends.filter(Number.isFinite), 1);
  const at = (ms: number) => Math.min(cols, Math.max(0, Math.round((ms / total) * cols)));

  // The axis: the smallest round step whose ticks stand TICK_GAP columns apart.
  // Past the round steps (a timeline of many hours), whole hours: never more ticks than the width holds.
  const step = STEPS_MS.find((ms) => (ms / total) * cols >= TICK_GAP) ?? Math.ceil((total * TICK_GAP) / cols / HOUR) * HOUR;
  const labels = blank(cols);
  const ruler = blank(cols).map((cell) => ({ ...cell, text: '─' }));
  let free = 0;
  for (let ms = 0; ms <= total; ms += step) {
    const column = Math.min(at(ms), cols - 1);
    ruler[column]!.text = column === 0 ? '├' : column === cols - 1 ? '┤' : '┼';
    const label = tick(ms);
    const start = Math.min(column, cols - displayWidth(label));
    if (start >= free) free = put(labels, start, label, 0) + 1;
  }

  const rows = tracks.map((track, t) => {
    const cells = blank(cols);
    const hues = HUES[String(track.type)] ?? OTHER_HUE;
    const bars = track.segments.map((segment, i) => {
      const from = Math.min(at(segmentStart(segment)), cols - 1);
      const to = Math.max(from + 1, at(segmentEnd(segment)));
      const hue = hues[i % 2]!;
      put(cells, from, FILLS[i % 2]!.repeat(to - from), hue);
      // Control characters (a line break, an escape sequence from the service) would break the row or the terminal.
      return { from, to, hue, label: segmentLabels([segment])[0]?.replace(/[\s\p{Cc}]+/gu, ' ').trim() };
    });
    // Labels go in once every bar is down, so one that does not fit its bar can use the free columns after it.
    for (const { from, to, hue, label } of bars) {
      if (!label) continue;
      const span = to - from;
      if (displayWidth(label) + 3 <= span) put(cells, put(cells, from + 1, ` ${label}`, hue), ' ', hue);
      else if (span >= 4) put(cells, from + 1, ` ${fit(label, span - 2)}`, hue);
      else {
        let room = 0;
        while (to + room < cols && !cells[to + room]!.taken) room++;
        // A gap of one column stays before the next bar, so the label is not read as part of it.
        if (to + room < cols) room--;
        if (room >= 3) put(cells, to + 1, fit(label, room - 1), 0);
      }
    }
    return `${names[t]}${' '.repeat(gutter - displayWidth(names[t]!))}${render(cells, color)}`;
  });
  const indent = ' '.repeat(gutter);
  return [`${indent}${render(labels, false)}`, `${indent}${render(ruler, false)}`, ...rows];
}
