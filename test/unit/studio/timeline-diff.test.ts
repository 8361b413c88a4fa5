import { expect, test } from 'vitest';
import { type Timeline } from '../../../src/index.js';
import { timelineChanges } from '../../../src/studio/index.js';

const scenes = (...labels: string[]) => labels.map((label, i) => ({ start: i * 5_000, d: 5_000, label }));
const timeline = ({ bgm = 'Lo-fi', title = 'Urban Dreams', seconds = 10, aspect = '16:9', video = ['city', 'night'], captions = ['One.', 'Two.'] } = {}): Timeline => ({
  durationMs: seconds * 1000,
  metadata: { aspect, title },
  tracks: [
    { type: 'video', segments: scenes(...video) },
    { type: 'audio', segments: bgm ? [{ start: 0, d: seconds * 1000, name: bgm, volume: 0.35 }] : [] },
    { type: 'text', segments: [{ start: 0, d: 3_000, role: 'title', text: title }] },
    { type: 'text', segments: captions.map((text, i) => ({ start: i * 5_000, d: 5_000, role: 'caption', text })) },
  ],
});

test("the spec's example: BGM and duration, in a person's words", () => {
  expect(timelineChanges(timeline({ seconds: 30 }), timeline({ bgm: 'Jazz', seconds: 15 }))).toEqual(['duration 30s → 15s', 'BGM Lo-fi → Jazz']);
});

test('title, aspect, clips added, captions reworded, music removed', () => {
  expect(timelineChanges(timeline(), timeline({ title: 'Night Shift' }))).toEqual(['title "Urban Dreams" → "Night Shift"']);
  expect(timelineChanges(timeline(), timeline({ aspect: '9:16' }))).toEqual(['aspect 16:9 → 9:16']);
  expect(timelineChanges(timeline(), timeline({ video: ['city', 'night', 'dawn'] }))).toEqual(['Video 2 segments → 3 segments']);
  expect(timelineChanges(timeline(), timeline({ captions: ['One.', 'Deux.'] }))).toEqual(['Captions changed']);
  expect(timelineChanges(timeline(), timeline({ bgm: '' }))).toEqual(['BGM removed']);
  expect(timelineChanges(timeline({ bgm: '' }), timeline())).toEqual(['BGM Lo-fi added']);
});

test('segments moved by a new length are the duration change, said once', () => {
  const shorter = timeline({ seconds: 5 });
  shorter.tracks[0]!.segments = shorter.tracks[0]!.segments.map((s, i) => ({ ...s, start: i * 2_500, d: 2_500 }));
  expect(timelineChanges(timeline(), shorter)).toEqual(['duration 10s → 5s']);
});

test('nothing a person would notice: no changes; frame size stands in for a missing aspect', () => {
  expect(timelineChanges(timeline(), timeline())).toEqual([]);
  expect(timelineChanges(undefined, undefined)).toEqual([]);
  const sized = (width: number, height: number): Timeline => ({ metadata: { width, height }, tracks: [] });
  expect(timelineChanges(sized(1920, 1080), sized(1080, 1920))).toEqual(['aspect 1920x1080 → 1080x1920']);
});

test('what reads the same is no change: a few ms, a BGM named "untitled" and one with no name', () => {
  expect(timelineChanges(timeline(), { ...timeline(), durationMs: 10_020 })).toEqual([]);
  const unnamed = timeline();
  unnamed.tracks[1]!.segments = [{ start: 0, d: 10_000 }];
  expect(timelineChanges(timeline({ bgm: 'untitled' }), unnamed)).toEqual([]);
});
