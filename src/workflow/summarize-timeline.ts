import type { Segment, Timeline, Track } from '../schemas/timeline.js';

// Segment contents are undocumented: these are the field names seen for a segment's words, start and length.
const LABEL_KEYS = ['label', 'name', 'title', 'text', 'content', 'prompt'] as const;
const START_KEYS = ['start', 'st', 'startMs', 'from'] as const;
const LENGTH_KEYS = ['d', 'duration', 'dur', 'durationMs'] as const;
const SHOWN_LABELS = 3;

const pick = <K extends string>(segment: Segment, keys: readonly K[]) => keys.map((k) => segment[k]).find((v) => v !== undefined && v !== '');
const numberIn = (segment: Segment, keys: readonly string[]) => {
  const value = Number(pick(segment, keys));
  return Number.isFinite(value) ? value : 0;
};
const seconds = (ms: number) => `${Math.round(ms / 100) / 10}`;

function span(segments: Segment[]): string {
  const starts = segments.map((s) => numberIn(s, START_KEYS));
  const ends = segments.map((s, i) => starts[i]! + numberIn(s, LENGTH_KEYS));
  return `${seconds(Math.min(...starts))}-${seconds(Math.max(...ends))}s`;
}

function labels(segments: Segment[], quote: boolean): string {
  const words = segments.map((s) => pick(s, LABEL_KEYS)).filter((v): v is string => typeof v === 'string');
  const shown = words.slice(0, SHOWN_LABELS).map((w) => (quote ? `"${w}"` : w));
  return `${shown.join(', ') || 'untitled'}${words.length > SHOWN_LABELS ? ` +${words.length - SHOWN_LABELS} more` : ''}`;
}

function describeTrack({ type, segments }: Track): string {
  if (type === 'audio') {
    const volume = Number(segments[0]?.volume);
    const percent = Number.isFinite(volume) ? `, ${Math.round(volume <= 1 ? volume * 100 : volume)}%` : '';
    return `BGM: ${labels(segments, false)} (${span(segments)}${percent})`;
  }
  if (type === 'text') {
    const roles = new Set(segments.map((s) => s.role));
    const kind = roles.size === 1 && roles.has('title') ? 'Title' : roles.size === 1 && roles.has('caption') ? 'Captions' : 'Text';
    return `${kind}: ${labels(segments, true)} (${span(segments)})`;
  }
  const kind = type === 'video' ? 'Video' : `Track ${type}`;
  return `${kind}: ${labels(segments, false)} (${span(segments)})`;
}

/**
 * A one-line, human summary of a timeline, in the form the service's own docs use.
 *
 * @example
 * ```ts
 * summarizeTimeline((await nv.state.get(sessionId)).draft);
 * // 'Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)'
 * ```
 */
export function summarizeTimeline(timeline: Timeline | undefined): string {
  const tracks = (timeline?.tracks ?? []).filter((track) => track.segments.length > 0);
  if (!tracks.length) return 'Timeline is empty.';
  const parts = tracks.map((track, i) => `${i + 1}. ${describeTrack(track)}`);
  return `Timeline (${tracks.length} track${tracks.length === 1 ? '' : 's'}): ${parts.join(' ')}`;
}
