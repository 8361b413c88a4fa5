import type { ExportResult } from '../client.js';
import type { Timeline } from '../schemas/timeline.js';
import { progressUpdates } from './progress-updates.js';
import type { Step, StudioContext } from './studio-context.js';
import type { StudioUpdate } from './studio-updates.js';
import { updatesWhile } from './updates-while.js';

/**
 * The `result` update of a finished render.
 *
 * @example
 * ```ts
 * yield ready({ url, renderId }); // { type: 'result', kind: 'export', url, renderId, message: 'Your video is ready: …' }
 * ```
 */
export const ready = ({ url, renderId }: ExportResult): StudioUpdate => ({ type: 'result', kind: 'export', url, renderId, message: `Your video is ready: ${url}` });

/**
 * The export workflow (`nv.export`: state → render → wait, cancelling a job it gives up on) as updates:
 * progress while it renders, then the download URL and the render id. `draft` renders a timeline already
 * read (the one the agent's turn just showed) instead of reading the state again.
 *
 * @example
 * ```ts
 * const { url } = yield* exportSession(ctx, sessionId, signal); // … { type: 'result', kind: 'export', url, renderId }
 * ```
 */
export async function* exportSession(ctx: StudioContext, sessionId: string, signal: AbortSignal, draft?: Timeline): Step<ExportResult> {
  const { renderInterval: interval, renderMaxDuration: maxDuration } = ctx.timings;
  yield { type: 'status', message: 'Exporting: rendering the MP4…' };
  const result = yield* updatesWhile<StudioUpdate, ExportResult>((emit) => {
    const report = progressUpdates(emit, { stage: 'render' });
    const onRenderStarted = (renderId: string) => emit(renderStarted(renderId));
    return ctx.client.export(sessionId, { draft, interval, maxDuration, signal, onRenderStarted, onProgress: ({ progress }) => report(progress) });
  });
  yield ready(result);
  return result;
}

/**
 * The update that names a render job once it exists, to pick it up later with `Studio.resumeRender`.
 *
 * @example
 * ```ts
 * emit(renderStarted('render_1a2b')); // { type: 'render_started', renderId: 'render_1a2b', message: 'Rendering started (render render_1a2b).' }
 * ```
 */
export const renderStarted = (renderId: string): StudioUpdate => ({ type: 'render_started', renderId, message: `Rendering started (render ${renderId}).` });

/**
 * Waits on a render that is already running (its id from a `render_started` update, kept across a reload or
 * a restart), as updates: progress, then the download URL. A render that failed is a remedy, as in an export.
 *
 * @example
 * ```ts
 * yield* waitForRender(ctx, savedRenderId, signal); // … { type: 'result', kind: 'export', url, renderId }
 * ```
 */
export async function* waitForRender(ctx: StudioContext, renderId: string, signal: AbortSignal): Step<ExportResult> {
  const { renderInterval: interval, renderMaxDuration: maxDuration } = ctx.timings;
  yield { type: 'status', message: `Picking up render ${renderId}…` };
  const { url } = yield* updatesWhile<StudioUpdate, { url: string }>((emit) => {
    const report = progressUpdates(emit, { stage: 'render' });
    return ctx.client.renders.wait(renderId, { interval, maxDuration, signal, onProgress: ({ progress }) => report(progress) });
  });
  const result = { url, renderId };
  yield ready(result);
  return result;
}
