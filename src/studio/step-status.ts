import type { Step, StudioContext } from './studio-context.js';
import { timelineUpdate } from './timeline-update.js';

/**
 * The session's timeline as a `timeline` update whose message is its summary.
 *
 * @example
 * ```ts
 * yield* readTimeline(ctx, sessionId, signal); // { type: 'timeline', message: 'Timeline (3 tracks): 1. Video: …', … }
 * ```
 */
export async function* readTimeline(ctx: StudioContext, sessionId: string, signal: AbortSignal): Step {
  const { draft } = await ctx.client.state.get(sessionId, { signal });
  yield timelineUpdate(draft, { picture: ctx.picture });
}
