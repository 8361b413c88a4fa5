import { expect, test } from 'vitest';
import type { StudioUpdate } from '../../../src/studio/index.js';
import { progressUpdates } from '../../../src/studio/progress-updates.js';

test('progress updates: one per new percentage, worded per stage', () => {
  const updates: StudioUpdate[] = [];
  const upload = progressUpdates((u) => updates.push(u), { stage: 'upload', filename: 'clip.mp4' });
  const render = progressUpdates((u) => updates.push(u), { stage: 'render' });
  for (const percent of [0, 0, 40, 40, 100]) upload(percent);
  for (const percent of [10, 10, 100]) render(percent);
  expect(updates).toStrictEqual([
    { type: 'progress', stage: 'upload', filename: 'clip.mp4', percent: 0, message: 'Uploading clip.mp4… 0%' },
    { type: 'progress', stage: 'upload', filename: 'clip.mp4', percent: 40, message: 'Uploading clip.mp4… 40%' },
    { type: 'progress', stage: 'upload', filename: 'clip.mp4', percent: 100, message: 'Uploading clip.mp4… 100%' },
    { type: 'progress', stage: 'render', percent: 10, message: 'Rendering… 10%' },
    { type: 'progress', stage: 'render', percent: 100, message: 'Rendering… 100%' },
  ]);
});
