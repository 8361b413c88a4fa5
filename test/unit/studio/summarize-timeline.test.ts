import { expect, test } from 'vitest';
import { type Timeline } from '../../../src/index.js';
import { summarizeTimeline } from '../../../src/studio/index.js';

test("gives exactly the service docs' example line", () => {
  const timeline: Timeline = {
    tracks: [
      { type: 'video', segments: [{ start: 0, d: 10_000, label: 'city timelapse' }] },
      { type: 'audio', segments: [{ start: 0, d: 10_000, name: 'Lo-fi', volume: 0.35 }] },
      { type: 'text', segments: [{ start: 0, d: 3_000, role: 'title', text: 'Urban Dreams' }] },
    ],
  };
  expect(summarizeTimeline(timeline)).toBe(
    'Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)',
  );
});

test('many segments: the first three labels, a count of the rest, and the whole span', () => {
  const captions = ['One.', 'Two.', 'Three.', 'Four.', 'Five.'].map((text, i) => ({ start: i * 2_000, d: 2_000, role: 'caption', text }));
  expect(summarizeTimeline({ tracks: [{ type: 'text', segments: captions }] })).toBe(
    'Timeline (1 track): 1. Captions: "One.", "Two.", "Three." +2 more (0-10s)',
  );
});

test('empty tracks are left out; an empty or missing timeline says so', () => {
  expect(summarizeTimeline(undefined)).toBe('Timeline is empty.');
  expect(summarizeTimeline({ tracks: [{ type: 'video', segments: [] }] })).toBe('Timeline is empty.');
});

test('unknown track codes, percent volumes, fractional seconds and unlabeled segments still read well', () => {
  const timeline: Timeline = {
    tracks: [
      { type: 3, segments: [{ start: 1_500, d: 2_250 }] },
      { type: 'audio', segments: [{ start: 0, duration: 8_000, label: 'Rain', volume: 60 }] },
    ],
  };
  expect(summarizeTimeline(timeline)).toBe('Timeline (2 tracks): 1. Track 3: untitled (1.5-3.8s) 2. BGM: Rain (0-8s, 60%)');
});
