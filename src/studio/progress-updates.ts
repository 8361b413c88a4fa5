import type { StudioUpdate } from './studio-updates.js';

/**
 * What a progress update is about: a render, or the upload of one file.
 *
 * @example
 * ```ts
 * const of: ProgressOf = { stage: 'upload', filename: 'intro.mp4' };
 * ```
 */
export type ProgressOf = { stage: 'render' } | { stage: 'upload'; filename: string };

/**
 * A reporter of percentages as `progress` updates: call it with every percentage the work reports, and it
 * emits an update only when the percentage is new, since uploads report every chunk and a render every poll,
 * often with the same number.
 *
 * @example
 * ```ts
 * const report = progressUpdates(emit, { stage: 'render' });
 * report(40); // emits { type: 'progress', stage: 'render', percent: 40, message: 'Rendering… 40%' }
 * report(40); // nothing
 * ```
 */
export function progressUpdates(emit: (update: StudioUpdate) => void, of: ProgressOf): (percent: number) => void {
  let last: number | undefined;
  return (percent) => {
    if (percent === last) return;
    last = percent;
    const message = of.stage === 'upload' ? `Uploading ${of.filename}… ${percent}%` : `Rendering… ${percent}%`;
    emit({ type: 'progress', ...of, percent, message });
  };
}
