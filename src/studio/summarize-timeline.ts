import type { Segment, Timeline, Track } from '../schemas/timeline.js';
import { seconds, segmentEnd, segmentLabels, segmentStart, trackName, visibleTracks } from './timeline-fields.js';

const SHOWN_LABELS = 3;

function span(segments: Segment[]): string {
  return `${seconds(Math.min(...segments.map(segmentStart)))}-${seconds(Math.max(...segments.map(segmentEnd)))}s`;
}

function labels(segments: Segment[], quote: boolean): string {
  const words = segmentLabels(segments);
  const shown = words.slice(0, SHOWN_LABELS).map((w) => (quote ? `"${w}"` : w));
  return `${shown.join(', ') || 'untitled'}${words.length > SHOWN_LABELS ? ` +${words.length - SHOWN_LABELS} more` : ''}`;
}

function describeTrack(track: Track): string {
  const { type, segments } = track;
  let details = span(segments);
  if (type === 'audio') {
    const volume = Number(segments[0]?.volume);
    if (Number.isFinite(volume)) details += `, ${Math.round(volume <= 1 ? volume * 100 : volume)}%`;
  }
  return `${trackName(track)}: ${labels(segments, type === 'text')} (${details})`;
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
  const tracks = visibleTracks(timeline);
  if (!tracks.length) return 'Timeline is empty.';
  const parts = tracks.map((track, i) => `${i + 1}. ${describeTrack(track)}`);
  return `Timeline (${tracks.length} track${tracks.length === 1 ? '' : 's'}): ${parts.join(' ')}`;
}
