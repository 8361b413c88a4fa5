import type { Timeline } from 'nemo-video';
import { drawTimeline } from 'nemo-video/studio';
import type { CliIO } from './context.js';

/** A picture wider than this reads worse, not better: the bars only stretch. */
const MAX_WIDTH = 160;

/**
 * The timeline drawn for stdout when stdout is a terminal that can show it (not piped, not TERM=dumb), as
 * wide as the terminal and in colour unless NO_COLOR; undefined otherwise, so the caller prints the summary.
 */
export function terminalPicture(io: CliIO, timeline: Timeline | undefined): string[] | undefined {
  if (!io.stdout.isTTY || io.env.TERM === 'dumb') return undefined;
  const width = Math.min(io.stdout.columns || 80, MAX_WIDTH);
  return drawTimeline(timeline, { width, color: io.env.NO_COLOR === undefined });
}
