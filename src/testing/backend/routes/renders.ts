import type { WireDraft } from '../../draft.js';
import { hasSkillHeaders } from '../auth-guard.js';
import { traits, type AuthedContext, type Route } from '../backend.js';
import { HttpFailure, okB, readJsonBody } from '../http.js';
import { isFinished, renderStatus } from '../render-status.js';
import type { RenderJob } from '../state.js';

const RENDER_ID = /^[\w.-]{1,128}$/;

/** A draft the renderer can work with: some track has segments (wire.md's "ready for export"). */
const isRenderable = (draft: unknown): draft is WireDraft =>
  !!draft && typeof draft === 'object' && Array.isArray((draft as WireDraft).t) && (draft as WireDraft).t.some((t) => Array.isArray(t?.sg) && t.sg.length > 0);

/** The user's job `id`, or a 404 in envelope B. */
function jobOf({ backend: { store }, user }: AuthedContext, id: string | undefined): RenderJob {
  const job = id === undefined ? undefined : store.renders.get(id);
  if (!job || job.userId !== user.id) throw new HttpFailure(404, undefined, `Render job not found: ${id}`);
  return job;
}

const statusOf = ({ backend: { config }, origin }: AuthedContext, job: RenderJob) => renderStatus(job, config.clock.now(), config.renderMs, origin);

/**
 * `POST /api/render/proxy/lambda`: starts a render with the client's id. Free; refused with 402 without the
 * `X-Skill-*` headers, with 409 for an id already used.
 */
export const createRender: Route = {
  ...traits({ exports: true }),
  auth: true,
  method: 'POST',
  pattern: /^\/api\/render\/proxy\/lambda$/,
  family: 'B',
  async handle(ctx) {
    const { backend, request, user } = ctx;
    const { store, config } = backend;
    if (!hasSkillHeaders(request)) {
      throw new HttpFailure(402, undefined, 'Export blocked: send the X-Skill-Source, X-Skill-Version and X-Skill-Platform headers.');
    }
    const body = await readJsonBody(request);
    const { id, sessionId, draft } = body;
    if (typeof id !== 'string' || !RENDER_ID.test(id)) throw new HttpFailure(400, undefined, 'id must be a string of letters, digits, _ . - (up to 128).');
    if (store.renders.has(id)) throw new HttpFailure(409, undefined, `Render job ${id} already exists.`);
    if (!store.session(sessionId, user.id)) throw new HttpFailure(404, undefined, `Session not found: ${String(sessionId)}`);
    if (!isRenderable(draft)) throw new HttpFailure(400, undefined, 'The draft has no segments: nothing to render.');

    const job: RenderJob = { id, userId: user.id, sessionId: sessionId as string, createdAt: config.clock.now() };
    store.renders.set(id, job);
    const work = config
      .renderer(draft, { renderId: id, media: (url) => store.images.read(url) })
      .then(
        (bytes) => {
          job.fileName = `${id}.mp4`;
          store.files.set(job.fileName, { body: new Blob([bytes as Uint8Array<ArrayBuffer>]), type: 'video/mp4' });
          job.readyAt = config.clock.now();
        },
        (error: unknown) => void (job.failure = error instanceof Error ? error.message : String(error)),
      )
      .finally(() => backend.rendering.delete(work));
    backend.rendering.add(work);
    return okB(statusOf(ctx, job));
  },
};

/**
 * `GET /api/render/proxy/lambda/<id>`: the job's status, progress rising with the clock. While the job runs,
 * a `Retry-After` header says when to look again (the seconds left, at least 1): the emulator renders in
 * seconds, where the service takes 30-90 s and is polled every 30 s, and a client that honours the hint
 * finishes promptly here without a shorter default there.
 */
export const renderStatusRoute: Route = {
  ...traits(),
  auth: true,
  method: 'GET',
  pattern: /^\/api\/render\/proxy\/lambda\/(?<id>[^/]+)$/,
  family: 'B',
  async handle(ctx) {
    const job = jobOf(ctx, ctx.params.id);
    const status = statusOf(ctx, job);
    const response = okB(status);
    if (!isFinished(status)) response.headers.set('Retry-After', String(pollHint(ctx, job)));
    return response;
  },
};

/** Whole seconds until the job should be done, at least 1 (a renderer still at work after `renderMs`). */
function pollHint({ backend: { config } }: AuthedContext, job: RenderJob): number {
  return Math.max(1, Math.ceil((job.createdAt + config.renderMs - config.clock.now()) / 1000));
}

/** `POST /api/render/proxy/lambda/<id>/cancel`: stops a job that has not finished; a finished one is left as is. */
export const cancelRender: Route = {
  ...traits(),
  auth: true,
  method: 'POST',
  pattern: /^\/api\/render\/proxy\/lambda\/(?<id>[^/]+)\/cancel$/,
  family: 'B',
  async handle(ctx) {
    const job = jobOf(ctx, ctx.params.id);
    if (!isFinished(statusOf(ctx, job))) job.cancelledAt = ctx.backend.config.clock.now();
    return okB(statusOf(ctx, job));
  },
};

/** `GET /api/render/proxy/<id>/download`: the direct download fallback (with the token). */
export const downloadRender: Route = {
  ...traits(),
  auth: true,
  method: 'GET',
  pattern: /^\/api\/render\/proxy\/(?<id>[^/]+)\/download$/,
  family: 'B',
  async handle(ctx) {
    const job = jobOf(ctx, ctx.params.id);
    const file = job.fileName && ctx.backend.store.files.get(job.fileName);
    if (statusOf(ctx, job).status !== 'completed' || !file) throw new HttpFailure(409, undefined, `Render job ${job.id} has not completed.`);
    return new Response(file.body, { headers: { 'Content-Type': 'video/mp4', 'Content-Disposition': `attachment; filename="${job.id}.mp4"` } });
  },
};
