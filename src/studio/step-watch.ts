import { sleep } from '../core/sleep.js';
import type { Timeline } from '../schemas/timeline.js';
import { endWith, type Step, type StudioContext } from './studio-context.js';
import { timelineUpdate } from './timeline-update.js';

const same = (a: Timeline | undefined, b: Timeline | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * After a turn that ended without a word (about 30% of edits do) or whose stream was cut: reads the state
 * until the timeline differs from `before` (the state just before the message), then says what changed.
 * It checks at once (the tool has usually finished when the stream closes), then after `firstPoll`, then
 * every `pollEvery`, up to `maxPolls` checks after the first; never sending the message again.
 *
 * @example
 * ```ts
 * const failed = yield* watchTimeline(ctx, sessionId, before, signal); // yields 'Updated: BGM Lo-fi → Jazz'
 * ```
 */
export async function* watchTimeline(ctx: StudioContext, sessionId: string, before: Timeline | undefined, signal: AbortSignal): Step {
  const { firstPoll, pollEvery, maxPolls } = ctx.timings;
  for (let poll = 0; poll <= maxPolls; poll++) {
    if (poll) await sleep(poll === 1 ? firstPoll : pollEvery, signal);
    const { draft } = await ctx.client.state.get(sessionId, { signal });
    if (!same(draft, before)) {
      yield timelineUpdate(draft, { before, announce: true, picture: ctx.picture });
      return;
    }
  }
  return yield* endWith({
    type: 'remedy',
    kind: 'no_change',
    links: [],
    mayStillRun: true,
    message: 'Nothing changed on the timeline yet. The agent may still be working (say "status" later to check), or it may need a clearer instruction.',
  });
}
