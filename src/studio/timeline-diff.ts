import type { Timeline } from '../schemas/timeline.js';
import { seconds, segmentEnd, segmentLabels, trackName, visibleTracks } from './timeline-fields.js';

/** One thing about a timeline that a person would notice change, kept as data until a change is worded. */
type Fact =
  | { kind: 'duration'; ms: number }
  | { kind: 'aspect'; aspect: string }
  // The title and the BGM are one thing each: their words are the fact.
  | { kind: 'title' | 'BGM'; words: string[] }
  // Other tracks: how many segments, and their words (one list per track of that name).
  | { kind: 'segments'; count: number; words: string[][] };

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** The facts of a timeline, by the name a change is worded with, in the order they are met. */
function factsOf(timeline: Timeline | undefined): Map<string, Fact> {
  const facts = new Map<string, Fact>();
  const tracks = visibleTracks(timeline);
  const meta = (timeline?.metadata ?? {}) as Record<string, unknown>;
  const end = Math.max(0, ...tracks.flatMap((t) => t.segments.map(segmentEnd)));
  const duration = timeline?.durationMs ?? end;
  if (duration) facts.set('duration', { kind: 'duration', ms: duration });
  const aspect = text(meta.aspect) ?? text(meta.aspect_ratio) ?? text(meta.aspectRatio) ?? (meta.width && meta.height ? `${meta.width}x${meta.height}` : undefined);
  if (aspect) facts.set('aspect', { kind: 'aspect', aspect });
  for (const track of tracks) {
    const name = trackName(track);
    const words = segmentLabels(track.segments);
    if (name === 'Title') facts.set('title', { kind: 'title', words });
    else if (name === 'BGM') facts.set('BGM', { kind: 'BGM', words });
    else {
      // Their words, not their timing: a new length moves every segment, and says so once as the duration.
      const before = facts.get(name);
      const [count, all] = before?.kind === 'segments' ? [before.count, before.words] : [0, []];
      facts.set(name, { kind: 'segments', count: count + track.segments.length, words: [...all, words] });
    }
  }
  return facts;
}

const sameList = <T>(a: readonly T[], b: readonly T[], sameItem: (x: T, y: T) => boolean = Object.is): boolean =>
  a.length === b.length && a.every((x, i) => sameItem(x, b[i]!));

/** Whether two facts are the same (the facts of one name are always of one kind). */
function same(a: Fact, b: Fact): boolean {
  switch (a.kind) {
    case 'duration':
      return b.kind === 'duration' && a.ms === b.ms;
    case 'aspect':
      return b.kind === 'aspect' && a.aspect === b.aspect;
    case 'title':
    case 'BGM':
      return b.kind === a.kind && sameList(a.words, b.words);
    case 'segments':
      return b.kind === 'segments' && a.count === b.count && sameList(a.words, b.words, (x, y) => sameList(x, y));
  }
}

/** A fact as a person reads it: `15s`, `9:16`, `"Urban Dreams"`, `Lo-fi`, `4 segments`. */
function show(fact: Fact): string {
  switch (fact.kind) {
    case 'duration':
      return `${seconds(fact.ms)}s`;
    case 'aspect':
      return fact.aspect;
    case 'title':
      return fact.words.map((w) => `"${w}"`).join(', ');
    case 'BGM':
      return fact.words.join(', ') || 'untitled';
    case 'segments':
      return `${fact.count} segment${fact.count === 1 ? '' : 's'}`;
  }
}

/** The phrase for one fact that changed, or undefined when it did not. */
function changeOf(name: string, was: Fact | undefined, now: Fact | undefined): string | undefined {
  if (!now) return was && `${name} removed`;
  if (!was) return `${name} ${show(now)} added`;
  if (same(was, now)) return undefined;
  // Same count, other words: only "changed" says so, since the count reads the same.
  if (was.kind === 'segments' && now.kind === 'segments' && was.count === now.count) return `${name} changed`;
  const [from, to] = [show(was), show(now)];
  // What reads the same was not noticed: 30 000 ms and 30 020 ms are both 30s.
  return from === to ? undefined : `${name} ${from} → ${to}`;
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
  const names = new Set([...was.keys(), ...now.keys()]);
  return [...names].map((name) => changeOf(name, was.get(name), now.get(name))).filter((change) => change !== undefined);
}
