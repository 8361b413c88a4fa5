import { isExportable, type Timeline } from '../schemas/timeline.js';
import { drawTimeline, type DrawTimelineOptions } from './timeline-picture.js';
import type { StudioUpdate } from './studio-updates.js';
import { summarizeTimeline } from './summarize-timeline.js';
import { timelineChanges } from './timeline-diff.js';

/**
 * A `timeline` update for `after`. With `before`, it also says what changed since: as its message when
 * `announce` is set (`Updated: BGM Lo-fi → Jazz; duration 30s → 15s`), else in `changes` only. With
 * `picture`, it also carries the timeline drawn by {@link drawTimeline}.
 *
 * @example
 * ```ts
 * yield timelineUpdate((await nv.state.get(id)).draft);                        // the summary
 * yield timelineUpdate(after, { before, announce: true });                     // 'Updated: …'
 * ```
 */
export function timelineUpdate(
  after: Timeline | undefined,
  { before, announce = false, picture }: { before?: Timeline | undefined; announce?: boolean; picture?: DrawTimelineOptions | undefined } = {},
): StudioUpdate {
  const summary = summarizeTimeline(after);
  const changes = before === undefined && !announce ? [] : timelineChanges(before, after);
  // From nothing, the summary says it better than a list of everything "added".
  const message = !announce ? summary : !isExportable(before) ? `Created: ${summary}` : changes.length ? `Updated: ${changes.join('; ')}` : `Updated: ${summary}`;
  return { type: 'timeline', message, summary, timeline: after, changes, ...(picture && { picture: drawTimeline(after, picture) }) };
}
