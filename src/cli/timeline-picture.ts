import type { Timeline } from 'nemo-video';
import { drawTimeline, type DrawTimelineOptions } from 'nemo-video/studio';
import type { CliIO } from './context.js';

/** A picture wider than this reads worse, not better: the bars only stretch. */
const MAX_WIDTH = 160;

/**
 * How to draw the timeline for stdout when stdout is a terminal that can show it (not piped, not
 * TERM=dumb): as wide as the terminal, in colour unless NO_COLOR. Undefined otherwise, so the caller prints
 * the summary.
 */
export function terminalPictureOptions(io: CliIO): DrawTimelineOptions | undefined {
  if (!io.stdout.isTTY || io.env.TERM === 'dumb') return undefined;
  return { width: Math.min(io.stdout.columns || 80, MAX_WIDTH), color: io.env.NO_COLOR === undefined };
}

/** The timeline drawn as {@link terminalPictureOptions} says; undefined where it says not to draw. */
export function terminalPicture(io: CliIO, timeline: Timeline | undefined): string[] | undefined {
  const options = terminalPictureOptions(io);
  return options && drawTimeline(timeline, options);
}
