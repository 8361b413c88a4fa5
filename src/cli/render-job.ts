import { RenderFailedError, type Timeline } from 'nemo-video';
import type { CommandContext } from './context.js';

/**
 * Seconds between status checks: quick at first (short renders, and the bar moves), then every 10 s. The
 * service suggests 30 s; a render takes 30-90 s, so this is a few more checks for a live progress bar.
 */
const POLL_SCHEDULE_MS = [1_000, 1_000, 2_000, 3_000, 5_000];
const POLL_MS = 10_000;
/** A render taking longer than this is stuck: it is cancelled and the run fails (exit 8). */
const RENDER_MAX_DURATION_MS = 15 * 60_000;
/** Cancelling gets this long, even after Ctrl-C. */
const CANCEL_TIMEOUT_MS = 10_000;

/** A finished render. */
export interface RenderedVideo {
  renderId: string;
  url: string;
}

/**
 * Renders `draft` and waits for the MP4, with a progress bar. A render that does not complete (Ctrl-C, a
 * timeout, the network) is cancelled, and the cancel (or its failure, with the job's id) is always said,
 * so no render is left running unannounced.
 */
export async function renderTimeline(ctx: CommandContext, sessionId: string, draft: Timeline): Promise<RenderedVideo> {
  const nv = ctx.client();
  // Not aborted by Ctrl-C: the job's id is only known from the answer, and a job must never run unknown.
  const job = await nv.renders.create({ sessionId, draft }, { timeout: 60_000 });
  ctx.remember({ renderId: job.id });
  ctx.out.note(`Render ${job.id} started.`);
  ctx.progress.bar('render', job.progress);
  try {
    const { url } = await nv.renders.wait(job.id, {
      interval: (check) => POLL_SCHEDULE_MS[check] ?? POLL_MS,
      maxDuration: RENDER_MAX_DURATION_MS,
      signal: ctx.signal,
      onProgress: (status) => ctx.progress.bar('render', status.progress),
    });
    ctx.progress.done(`Rendered (${job.id})`);
    return { renderId: job.id, url };
  } catch (error) {
    ctx.progress.done();
    if (!(error instanceof RenderFailedError)) await cancelRender(ctx, job.id);
    throw error;
  }
}

/** Cancels a render, saying so, or saying that it could not and the job's id. Shown even with --quiet. */
async function cancelRender(ctx: CommandContext, renderId: string): Promise<void> {
  try {
    await ctx.client().renders.cancel(renderId, { timeout: CANCEL_TIMEOUT_MS });
    ctx.out.warn(`Cancelled render ${renderId}.`);
  } catch (error) {
    ctx.out.warn(`Could not cancel render ${renderId} (${(error as Error)?.message ?? error}): it may still be running.`);
  }
}
