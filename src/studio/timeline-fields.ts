import type { Segment, Timeline, Track } from '../schemas/timeline.js';

// Segment contents are undocumented: these are the field names seen for a segment's words, start and length.
const LABEL_KEYS = ['label', 'name', 'title', 'text', 'content', 'prompt'] as const;
const START_KEYS = ['start', 'st', 'startMs', 'from'] as const;
const LENGTH_KEYS = ['d', 'duration', 'dur', 'durationMs'] as const;

const pick = (segment: Segment, keys: readonly string[]) => keys.map((k) => segment[k]).find((v) => v !== undefined && v !== '');
const numberIn = (segment: Segment, keys: readonly string[]) => {
  const value = Number(pick(segment, keys));
  return Number.isFinite(value) ? value : 0;
};

/** A segment's words (its label, name, title or text), if it has any. */
const segmentLabel = (segment: Segment): string | undefined => {
  const value = pick(segment, LABEL_KEYS);
  return typeof value === 'string' ? value : undefined;
};

/**
 * The words of segments (each one's label, name, title or text), in order; segments without any are left out.
 *
 * @example
 * ```ts
 * segmentLabels([{ name: 'Lo-fi', d: 10_000 }, { d: 5_000 }]); // ['Lo-fi']
 * ```
 */
export const segmentLabels = (segments: readonly Segment[]): string[] => segments.map(segmentLabel).filter((label) => label !== undefined);

/**
 * Where a segment starts, in ms (0 when it does not say).
 *
 * @example
 * ```ts
 * segmentStart({ start: 3_000 }); // 3000
 * ```
 */
export const segmentStart = (segment: Segment): number => numberIn(segment, START_KEYS);

/**
 * Where a segment ends, in ms: its start plus its length.
 *
 * @example
 * ```ts
 * segmentEnd({ start: 3_000, d: 2_000 }); // 5000
 * ```
 */
export const segmentEnd = (segment: Segment): number => segmentStart(segment) + numberIn(segment, LENGTH_KEYS);

/**
 * Milliseconds as seconds for people: one decimal at most (`10`, `3.8`).
 *
 * @example
 * ```ts
 * seconds(3_750); // '3.8'
 * ```
 */
export const seconds = (ms: number): string => `${Math.round(ms / 100) / 10}`;

/**
 * What a track is, in the words of the service's docs: `Video`, `BGM`, `Title`, `Captions`, `Text`, or
 * `Track <code>` for a kind the SDK does not know.
 *
 * @example
 * ```ts
 * trackName({ type: 'audio', segments: [] }); // 'BGM'
 * ```
 */
export function trackName({ type, segments }: Track): string {
  if (type === 'audio') return 'BGM';
  if (type === 'video') return 'Video';
  if (type !== 'text') return `Track ${type}`;
  const roles = new Set(segments.map((s) => s.role));
  return roles.size === 1 && roles.has('title') ? 'Title' : roles.size === 1 && roles.has('caption') ? 'Captions' : 'Text';
}

/**
 * The tracks a person would see: those with segments (a timeline may keep an empty one, e.g. a BGM track
 * whose music was removed), in their order. The summary and the list of changes both go by these.
 *
 * @example
 * ```ts
 * visibleTracks({ tracks: [{ type: 'audio', segments: [] }, { type: 'video', segments: [clip] }] }); // the video track
 * ```
 */
export const visibleTracks = (timeline: Timeline | undefined): Track[] => (timeline?.tracks ?? []).filter((track) => track.segments.length > 0);
