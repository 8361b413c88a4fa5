import { isExportable, type Timeline } from '../../schemas/timeline.js';
import { sleep } from '../../core/sleep.js';
import type { CommandContext } from './context.js';
import { GenerationError } from './errors.js';

/** Waits between state checks after a turn that left no timeline: about 2 minutes in all. */
const STATE_CHECKS_MS = [0, 2_000, 3_000, 5_000, 10_000, 10_000, 30_000, 30_000, 30_000];

/**
 * The session's timeline once it has something to render. Right after a turn in which the agent spoke it
 * is there at the first check, or not at all (the agent asked something instead: its last words are in
 * the error). After a cut stream or a turn without text the agent may still be at work on the server, so
 * the state is checked a few more times. Throws `failure` (the stream's error), else a GenerationError.
 */
export async function waitForTimeline(
  ctx: CommandContext,
  sessionId: string,
  { failure, lastWords }: { failure?: unknown; lastWords?: string | undefined } = {},
): Promise<Timeline> {
  const nv = ctx.client();
  const checks = failure || lastWords === undefined ? STATE_CHECKS_MS : STATE_CHECKS_MS.slice(0, 1);
  for (const [i, wait] of checks.entries()) {
    await sleep(wait, ctx.signal);
    const { draft } = await nv.state.get(sessionId, { signal: ctx.signal });
    if (isExportable(draft)) {
      if (i > 0 || failure) ctx.progress.done('The agent finished the timeline.');
      return draft;
    }
    if (i === 0 && checks.length > 1) ctx.progress.step('Waiting for the agent to finish the timeline…');
  }
  ctx.progress.done();
  if (failure) throw failure;
  const said = lastWords ? ` It said: "${lastWords.length > 200 ? `${lastWords.slice(0, 200)}…` : lastWords}"` : '';
  throw new GenerationError(
    `The agent finished without putting anything on the timeline.${said} Answer it with "nemo-video chat --session ${sessionId}", or try a more specific script.`,
  );
}
