import type { APIPromise } from '../core/api-promise.js';
import * as z from 'zod/mini';
import { APIError } from '../core/errors/api.js';
import { InvalidArgumentError, RenderFailedError, ResponseValidationError } from '../core/errors/base.js';
import { poll, type PollOptions } from '../core/poll.js';
import { parseRetryAfter, RECOVERY_LIMITS } from '../core/recovery.js';
import type { CallOptions } from '../core/call-options.js';
import type { Transport } from '../core/transport.js';
import { RenderStatusSchema, type RenderStatus } from '../schemas/render.js';
import { isExportable, TimelineCodec, type Timeline } from '../schemas/timeline.js';
import { checkId } from './args.js';

/**
 * What `renders.create` takes.
 *
 * @example
 * ```ts
 * await nv.renders.create({ sessionId, draft, output: { quality: 'high' } });
 * ```
 */
export interface RenderRequest {
  /**
   * Your own id for the job (letters, digits, `_ . -`, up to 128), known before the request goes: record it
   * first, and the job can be found again with `retrieve` whatever happens to the request (a crash, a cut
   * connection). The renderer refusing it as taken is then thrown (HTTP 409), not retried under another id:
   * the job under that id may be yours already.
   * @default a new `render_<32 hex>`, retried once under another when the renderer calls it taken
   */
  id?: string | undefined;
  /** The session whose draft this is. */
  sessionId: string;
  /** The timeline to render, as `nv.state.get()` returns it (or a raw short-key draft). */
  draft: Timeline | Record<string, unknown>;
  /** Default `{ format: 'mp4', quality: 'high' }`. */
  output?: {
    /** Container format. Default `mp4`. */
    format?: string;
    /** Encoding quality. Default `high`. */
    quality?: string;
  };
}

/**
 * Options of `renders.wait`.
 *
 * @example
 * ```ts
 * await nv.renders.wait(job.id, { interval: 10_000, maxDuration: 600_000, onProgress: (s) => console.log(s.progress) });
 * ```
 */
export interface WaitOptions extends PollOptions {
  /**
   * Called with every status seen, e.g. to show progress.
   * @default undefined (no callback)
   */
  onProgress?: ((status: RenderStatus) => void) | undefined;
}

const RENDER_PATH = 'api/render/proxy/lambda';
/** The service suggests polling every 30 s; renders take 30-90 s, so 15 minutes means something is wrong. */
const DEFAULT_INTERVAL = 30_000;
const DEFAULT_MAX_DURATION = 15 * 60_000;

const newRenderId = () => `render_${crypto.randomUUID().replaceAll('-', '')}`;

/** The renderer rejects an id it has seen; anything saying so is worth one retry with a new id (RECOVERY.duplicateRenderId). */
const isDuplicateId = (error: unknown) =>
  error instanceof APIError && (error.status === 409 || /duplicate|already exists/i.test(error.message));

/**
 * Export jobs: render a timeline to MP4 in the cloud, follow them, cancel them. Export costs no credits.
 *
 * @example
 * ```ts
 * const job = await nv.renders.create({ sessionId, draft });
 * const { url } = await nv.renders.wait(job.id, { onProgress: (s) => console.log(s.progress) });
 * ```
 */
export class Renders {
  readonly #transport: Transport;
  /** @internal The client makes this. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Starts a render. Refuses, before sending anything, a draft with nothing on it. An abort while the
   * request is out waits for the service's answer (within the call's timeout) and cancels the job it made,
   * then throws the signal's reason: a job whose id was never seen could not be cancelled.
   *
   * @example
   * ```ts
   * const { draft } = await nv.state.get(sessionId);
   * const job = await nv.renders.create({ sessionId, draft: draft! });
   * ```
   */
  create({ id, sessionId, draft, output = {} }: RenderRequest, given: CallOptions = {}): APIPromise<RenderStatus> {
    return this.#transport.call(given, async (given) => {
      const { signal, ...call } = given;
      checkId(sessionId, 'sessionId');
      if (id !== undefined) checkId(id, 'id');
      const wire = toWireDraft(draft);
      signal?.throwIfAborted();
      // The id is the client's; a status without one is the job sent under that id. Sent without the caller's
      // signal: once the request is out, only the answer tells which job to cancel.
      const send = async (id: string) => {
        const json = { id, sessionId, draft: wire, output: { format: 'mp4', quality: 'high', ...output } };
        const status = await this.#transport.json({ ...call, method: 'POST', path: RENDER_PATH, json }, RenderStatusSchema);
        return { ...status, id: status.id || id };
      };
      let renames = (call.maxRetries ?? this.#transport.recovery.maxRetries) > 0 ? RECOVERY_LIMITS.duplicateRenderId : 0;
      const sendUnderNewId = async (): Promise<RenderStatus> => {
        try {
          return await send(newRenderId());
        } catch (error) {
          if (!isDuplicateId(error) || renames-- <= 0 || signal?.aborted) throw error;
          return sendUnderNewId();
        }
      };
      const job = await (id === undefined ? sendUnderNewId() : send(id));
      if (signal?.aborted) {
        await this.cancel(job.id, call).catch(() => undefined);
        throw signal.reason;
      }
      return job;
    });
  }

  /**
   * The job's current status.
   *
   * @example
   * ```ts
   * const { status, progress, url } = await nv.renders.retrieve(job.id);
   * ```
   */
  retrieve(renderId: string, options: CallOptions = {}): APIPromise<RenderStatus> {
    return this.#transport.call(options, async (options) => {
      const path = `${RENDER_PATH}/${checkId(renderId, 'renderId')}`;
      return this.#transport.json({ ...options, method: 'GET', path }, RenderStatusSchema);
    });
  }

  /**
   * Yields the status every `interval` ms until it is `completed` or `failed`. Without an `interval`, every 30 s,
   * or after the seconds a status answer's `Retry-After` header names (within 1-30 s).
   *
   * @example
   * ```ts
   * for await (const s of nv.renders.poll(job.id, { interval: 5_000 })) console.log(s.status, s.progress);
   * ```
   */
  poll(renderId: string, { interval, maxDuration = DEFAULT_MAX_DURATION, ...call }: PollOptions = {}): AsyncGenerator<RenderStatus, void, undefined> {
    const path = `${RENDER_PATH}/${checkId(renderId, 'renderId')}`;
    const done = (s: RenderStatus) => s.status === 'completed' || s.status === 'failed';
    // Without an interval of the caller's, the server's Retry-After on the status sets the next wait, within
    // 1-30 s: a fast renderer (an emulator) gets polled sooner; the service, which sends none, every 30 s.
    let hint: number | undefined;
    const onResponse = (response: Response) => (hint = parseRetryAfter(response.headers.get('retry-after')));
    const check = () => this.#transport.json({ ...call, method: 'GET', path, onResponse }, RenderStatusSchema);
    interval ??= () => Math.min(Math.max(hint === undefined ? DEFAULT_INTERVAL : hint * 1000, 1000), DEFAULT_INTERVAL);
    return poll(check, done, { interval, maxDuration, signal: call.signal }, `Render ${renderId}`);
  }

  /**
   * Waits for the job to complete and returns its final status, with `url`. Throws RenderFailedError if it
   * failed, APITimeoutError after `maxDuration` (default 15 min; the job keeps running: cancel it or wait again).
   *
   * @example
   * ```ts
   * const { url } = await nv.renders.wait(job.id, { interval: 10_000, onProgress: (s) => bar.update(s.progress) });
   * ```
   */
  async wait(
    renderId: string,
    { onProgress, ...options }: WaitOptions = {},
  ): Promise<
    RenderStatus & {
      /** The MP4's download URL (always set here). */
      url: string;
    }
  > {
    let last: RenderStatus | undefined;
    for await (const status of this.poll(renderId, options)) {
      onProgress?.(status);
      last = status;
    }
    // The renderer's own words may echo anything, the token included: scrubbed like the transport's errors.
    if (last?.status === 'failed') throw this.#transport.scrub(new RenderFailedError(renderId, last.error));
    if (!last?.url) throw new ResponseValidationError('Unexpected response: a completed render has no output URL.', 'data.outputUrl', 'a URL');
    return { ...last, url: last.url };
  }

  /**
   * Cancels the job, so an abandoned export does not keep running.
   *
   * @example
   * ```ts
   * await nv.renders.cancel(job.id);
   * ```
   */
  cancel(renderId: string, options: CallOptions = {}): APIPromise<void> {
    return this.#transport.call(options, async (options) => {
      const path = `${RENDER_PATH}/${checkId(renderId, 'renderId')}/cancel`;
      await this.#transport.json({ ...options, method: 'POST', path, idempotent: true }, z.unknown());
    });
  }
}

/**
 * Accepts a readable Timeline (checked as given, then encoded back to short keys) or a wire draft (decoded
 * only to be checked, then sent as is); refuses an empty one.
 */
function toWireDraft(draft: RenderRequest['draft']): Record<string, unknown> {
  let timeline: Timeline | undefined;
  let wire = draft;
  if (draft && typeof draft === 'object' && 'tracks' in draft) {
    // Encoding checks the timeline's shape, so once it succeeds `draft` is a Timeline.
    const encoded = z.safeEncode(TimelineCodec, draft as Timeline);
    if (!encoded.success) {
      const issue = encoded.error.issues[0];
      throw new InvalidArgumentError(`draft is not a valid timeline: draft.${issue?.path.join('.')} should be ${issue?.message}.`);
    }
    timeline = draft as Timeline;
    wire = encoded.data;
  } else {
    const decoded = z.safeDecode(TimelineCodec, draft as z.input<typeof TimelineCodec>);
    if (decoded.success) timeline = decoded.data;
  }
  if (!isExportable(timeline)) {
    throw new InvalidArgumentError('The draft has no segments, so there is nothing to render: ask the agent to generate the video first.');
  }
  return wire;
}
