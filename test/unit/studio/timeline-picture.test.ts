import { describe, expect, test } from 'vitest';
import { type Timeline } from '../../../src/index.js';
import { drawTimeline, Studio } from '../../../src/studio/index.js';
import { displayWidth } from '../../../src/studio/display-width.js';
import { FAST, GENERATE, ofType, studioSetup, updatesOf } from '../helpers/studio.js';

const DOCS_EXAMPLE: Timeline = {
  tracks: [
    { type: 'video', segments: [{ start: 0, d: 4_000, label: 'city timelapse' }, { start: 4_000, d: 6_000, label: 'beach at dusk' }] },
    { type: 'audio', segments: [{ start: 0, d: 10_000, name: 'Lo-fi', volume: 0.35 }] },
    { type: 'text', segments: [{ start: 0, d: 3_000, role: 'title', text: 'Urban Dreams' }] },
  ],
};

test('one track: the axis in seconds, the bar across the whole width, its label inside', () => {
  expect(drawTimeline({ tracks: [{ type: 'video', segments: [{ start: 0, d: 8_000, label: 'owls at night' }] }] }, { width: 40 })).toEqual([
    '      0s       2s      4s       6s    8s',
    '      ├────────┼───────┼────────┼──────┤',
    'Video █ owls at night ██████████████████',
  ]);
});

test('several tracks at 80 columns: touching segments take turns between █ and ▓', () => {
  expect(drawTimeline(DOCS_EXAMPLE, { width: 80 })).toEqual([
    '      0s             2s             4s            6s             8s          10s',
    '      ├──────────────┼──────────────┼─────────────┼──────────────┼─────────────┤',
    'Video █ city timelapse █████████████▓ beach at dusk ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓',
    'BGM   █ Lo-fi ██████████████████████████████████████████████████████████████████',
    'Title █ Urban Dreams ███████',
  ]);
});

test('the same timeline at 40 and at 120 columns: scaled to the width, labels cut with … when the bar is short', () => {
  expect(drawTimeline(DOCS_EXAMPLE, { width: 40 })).toEqual([
    '      0s               5s            10s',
    '      ├────────────────┼───────────────┤',
    'Video █ city timela…▓ beach at dusk ▓▓▓▓',
    'BGM   █ Lo-fi ██████████████████████████',
    'Title █ Urban D…',
  ]);
  const wide = drawTimeline(DOCS_EXAMPLE, { width: 120 });
  expect(wide.slice(0, 2)).toEqual([
    '      0s         1s          2s         3s          4s         5s         6s          7s         8s          9s      10s',
    '      ├──────────┼───────────┼──────────┼───────────┼──────────┼──────────┼───────────┼──────────┼───────────┼─────────┤',
  ]);
  expect(wide[2]).toBe(`Video █ city timelapse ${'█'.repeat(29)}▓ beach at dusk ${'▓'.repeat(52)}`);
  for (const line of wide) expect(displayWidth(line)).toBeLessThanOrEqual(120);
});

test('a segment too short for a column still gets one, its label after it when there is room', () => {
  const timeline: Timeline = {
    tracks: [
      { type: 'video', segments: [{ start: 0, d: 60_000, label: 'interview' }] },
      { type: 'text', segments: [{ start: 10_000, d: 50, text: 'flash' }, { start: 59_950, d: 50, text: 'end' }] },
    ],
  };
  expect(drawTimeline(timeline, { width: 50 })).toEqual([
    '      0s         15s        30s        45s    1:00',
    '      ├──────────┼──────────┼──────────┼─────────┤',
    'Video █ interview ████████████████████████████████',
    'Text         █ flash                             ▓',
  ]);
});

test('a long label is cut at the bar, a minute and more reads m:ss', () => {
  const timeline: Timeline = {
    tracks: [{ type: 'audio', segments: [{ start: 0, d: 95_000, name: 'A very long piece of music whose name does not fit anywhere' }] }],
    durationMs: 120_000,
  };
  expect(drawTimeline(timeline, { width: 60 })).toEqual([
    '    0s            30s           1:00          1:30      2:00',
    '    ├─────────────┼─────────────┼─────────────┼────────────┤',
    'BGM █ A very long piece of music whose name doe…',
  ]);
});

test('CJK and emoji labels are measured in terminal columns (two for a wide character)', () => {
  const timeline: Timeline = {
    tracks: [{ type: 'text', segments: [{ start: 0, d: 90_000, text: '城市的夜晚 🌃 night' }, { start: 90_000, d: 30_000, text: '海边的日出和日落' }] }],
  };
  const lines = drawTimeline(timeline, { width: 48 });
  expect(lines).toEqual([
    '     0s         30s        1:00      1:30   2:00',
    '     ├──────────┼──────────┼─────────┼─────────┤',
    'Text █ 城市的夜晚 🌃 night ██████████▓ 海边的日…',
  ]);
  for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(48);
  expect(displayWidth('城市 🌃 e\u0301')).toBe(9);
});

test('colour: one hue per kind of track, two shades taking turns, reset at the end of each bar', () => {
  const [, , video, bgm] = drawTimeline(DOCS_EXAMPLE, { width: 40, color: true });
  expect(video).toBe('Video \x1b[36m█ city timela…\x1b[34m▓ beach at dusk ▓▓▓▓\x1b[39m');
  expect(bgm).toBe('BGM   \x1b[32m█ Lo-fi ██████████████████████████\x1b[39m');
});

test('an empty or missing timeline is one line; a width below 30 is taken as 30', () => {
  expect(drawTimeline(undefined)).toEqual(['Timeline is empty.']);
  expect(drawTimeline({ tracks: [{ type: 'audio', segments: [] }] })).toEqual(['Timeline is empty.']);
  const narrow = drawTimeline(DOCS_EXAMPLE, { width: 10 });
  expect(narrow).toEqual(drawTimeline(DOCS_EXAMPLE, { width: 30 }));
  expect(Math.max(...narrow.map(displayWidth))).toBe(30);
});

test('bad numbers and control characters from the service neither hang nor break the picture', () => {
  const timeline: Timeline = {
    tracks: [{ type: 'video', segments: [{ start: -5_000, d: 1e15, label: 'line one\nline two \x1b[31mred' }] }],
    durationMs: Number.POSITIVE_INFINITY,
  };
  const lines = drawTimeline(timeline, { width: 1e9 });
  expect(lines).toHaveLength(3);
  expect(lines[2]).toMatch(/^Video █ line one line two \[31mred █+$/);
  expect(displayWidth(lines[2]!)).toBe(1_000);
  // Ticks a whole number of hours apart, no closer than the labels need.
  expect(lines[1]!.split('┼').length - 1).toBeLessThanOrEqual(1_000 / 8);
  expect(lines[0]).toMatch(/^ {6}0s +\d+:00 /);
});

describe("Studio's timelinePicture option", () => {
  test('each timeline update carries its picture, drawn as asked; without the option, none', async () => {
    const { nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST, timelinePicture: { width: 50 } });
    const generated = ofType(await updatesOf(studio.say(GENERATE)), 'timeline');
    const status = ofType(await updatesOf(studio.status()), 'timeline');
    for (const update of [...generated, ...status]) {
      expect(update.picture).toEqual(drawTimeline(update.timeline, { width: 50 }));
      expect(update.picture!.length).toBeGreaterThan(2); // the axis, its ticks and a row per track
      for (const line of update.picture!) expect(displayWidth(line)).toBeLessThanOrEqual(50);
    }
    expect(status).toHaveLength(1);

    const plain = ofType(await updatesOf(new Studio(nv, { timings: FAST, sessionId: studio.sessionId }).status()), 'timeline');
    expect(plain).toHaveLength(2); // the resumed one, then the status
    for (const update of plain) expect(update).not.toHaveProperty('picture');
  });

  test('true draws 80 columns without colour; an empty timeline is its one line', async () => {
    const { nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST, timelinePicture: true });
    const [empty] = ofType(await updatesOf(studio.status()), 'timeline');
    expect(empty!.picture).toEqual(drawTimeline(undefined));
    expect(empty!.picture).toHaveLength(1);
    await updatesOf(studio.say(GENERATE));
    const [drawn] = ofType(await updatesOf(studio.status()), 'timeline');
    expect(drawn!.picture).toEqual(drawTimeline(drawn!.timeline, { width: 80, color: false }));
  });
});
