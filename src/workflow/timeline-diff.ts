import type { Timeline } from '../schemas/timeline.js';
import { seconds, segmentEnd, segmentLabel, trackName } from './timeline-fields.js';

type Facts = Map<string, string>;

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** The facts of a timeline a person would notice change, by name, as they would be shown. */
function factsOf(timeline: Timeline | undefined): Facts {
  const facts: Facts = new Map();
  const tracks = (timeline?.tracks ?? []).filter((t) => t.segments.length);
  const meta = (timeline?.metadata ?? {}) as Record<string, unknown>;
  const end = Math.max(0, ...tracks.flatMap((t) => t.segments.map(segmentEnd)));
  const duration = timeline?.durationMs ?? end;
  if (duration) facts.set('duration', `${seconds(duration)}s`);
  const aspect = text(meta.aspect) ?? text(meta.aspect_ratio) ?? text(meta.aspectRatio) ?? (meta.width && meta.height ? `${meta.width}x${meta.height}` : undefined);
  if (aspect) facts.set('aspect', aspect);
  for (const track of tracks) {
    const name = trackName(track);
    const labels = track.segments.map(segmentLabel).filter(Boolean);
    // The title and the BGM are one thing each: their words are the fact. Other tracks: how many segments.
    if (name === 'Title') facts.set('title', labels.map((l) => `"${l}"`).join(', '));
    else if (name === 'BGM') facts.set('BGM', labels.join(', ') || 'untitled');
    else {
      const count = (Number(facts.get(name)?.split(' ')[0]) || 0) + track.segments.length;
      facts.set(name, `${count} segment${count === 1 ? '' : 's'}`);
      // Their words, not their timing: a new length moves every segment, and says so once as the duration.
      facts.set(`${name} content`, `${facts.get(`${name} content`) ?? ''}${JSON.stringify(labels)}`);
    }
  }
  return facts;
}

/**
 * What changed between two timelines, one short phrase per change: `BGM Lo-fi → Jazz`, `duration 30s → 15s`,
 * `title "A" → "B"`, `aspect 16:9 → 9:16`, `Video 4 segments → 5 segments`, `Captions changed`. Empty when
 * nothing a person would notice changed.
 *
 * @example
 * ```ts
 * const before = (await nv.state.get(id)).draft;
 * await nv.chat.stream(id, 'add jazz music and make it 15 seconds').finalText();
 * const changes = timelineChanges(before, (await nv.state.get(id)).draft);
 * console.log(`Updated: ${changes.join('; ')}`); // 'Updated: duration 30s → 15s; BGM Lo-fi → Jazz'
 * ```
 */
export function timelineChanges(before: Timeline | undefined, after: Timeline | undefined): string[] {
  const was = factsOf(before);
  const now = factsOf(after);
  const changes: string[] = [];
  for (const name of new Set([...was.keys(), ...now.keys()])) {
    const [from, to] = [was.get(name), now.get(name)];
    if (from === to) continue;
    if (name.endsWith(' content')) {
      // Only worth saying when the count did not already say it.
      const track = name.slice(0, -' content'.length);
      if (was.get(track) === now.get(track)) changes.push(`${track} changed`);
    } else if (from === undefined) changes.push(`${name} ${to} added`);
    else if (to === undefined) changes.push(`${name} removed`);
    else changes.push(`${name} ${from} → ${to}`);
  }
  return changes;
}
