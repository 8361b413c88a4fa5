import type { ExportResult } from '../client.js';
import { RenderFailedError } from '../core/errors/base.js';
import type { RenderStatus } from '../schemas/render.js';
import type { Timeline } from '../schemas/timeline.js';
import type { Step, StudioContext } from './studio-context.js';
import type { StudioUpdate } from './studio-updates.js';
import { updatesWhile } from './updates-while.js';

/** A render's statuses as progress updates, one per new percentage. */
function renderProgress(emit: (update: StudioUpdate) => void): (status: RenderStatus) => void {
  let last = -1;
  return ({ progress }) => {
    if (progress === last) return;
    last = progress;
    emit({ type: 'progress', stage: 'render', percent: progress, message: `Rendering… ${progress}%` });
  };
}

const ready = ({ url, renderId }: ExportResult): StudioUpdate => ({ type: 'result', kind: 'export', url, renderId, message: `Your video is ready: ${url}` });

/**
 * The export workflow (`nv.export`: state → render → wait) as updates: progress while it renders, then the
 * download URL and the render id.
 *
 * @example
 * ```ts
 * yield* exportSession(ctx, sessionId, signal); // … { type: 'result', kind: 'export', url, renderId }
 * ```
 */
export async function* exportSession(ctx: StudioContext, sessionId: string, signal: AbortSignal): Step {
  const { renderInterval: interval, renderTimeout: timeout } = ctx.timings;
  yield { type: 'status', message: 'Exporting: rendering the MP4…' };
  const result = yield* updatesWhile<StudioUpdate, ExportResult>((emit) => ctx.client.export(sessionId, { interval, timeout, signal, onProgress: renderProgress(emit) }));
  yield ready(result);
}

/**
 * Renders a timeline taken earlier (a batch item's, while the next item already edits the session), as
 * `nv.export` does: a wait that is aborted or times out cancels the job rather than orphaning it.
 *
 * @example
 * ```ts
 * const { url } = yield* renderDraft(ctx, sessionId, draft, signal);
 * ```
 */
export async function* renderDraft(ctx: StudioContext, sessionId: string, draft: Timeline, signal: AbortSignal): Step<ExportResult> {
  const { client, timings } = ctx;
  const job = await client.renders.create({ sessionId, draft }, { signal });
  try {
    const { url } = yield* updatesWhile<StudioUpdate, RenderStatus & { url: string }>((emit) =>
      client.renders.wait(job.id, { interval: timings.renderInterval, timeout: timings.renderTimeout, signal, onProgress: renderProgress(emit) }),
    );
    const result = { url, renderId: job.id };
    yield ready(result);
    return result;
  } catch (error) {
    if (!(error instanceof RenderFailedError)) await client.renders.cancel(job.id).catch(() => undefined);
    throw error;
  }
}
