import type { NemoVideo } from '../client.js';
import { APIError, SessionNotFoundError, type InsufficientCreditsError } from '../core/errors/api.js';
import { InvalidArgumentError, NemoVideoError, RenderFailedError } from '../core/errors/base.js';
import { isHttpUrl } from '../core/http-url.js';
import { sleep } from '../core/sleep.js';
import type { UploadSource } from '../resources/uploads.js';
import type { UploadedFile } from '../schemas/upload.js';
import { isExportable, type Timeline } from '../schemas/timeline.js';
import { resolveTimings, type Timings, type VideoJobOptions } from './job-options.js';
import { fingerprint, JOB_RECORD_VERSION, plainError, type AttentionReason, type Checkpoint, type JobRecord } from './job-record.js';
import { notStarted, resultOf, type JobResult } from './job-result.js';
import { checkSpec, imageFilename, jobMessages, sameSpec, summarizeSpec, type JobImage, type VideoJobSpec } from './job-spec.js';
import type { JobStore } from './job-store.js';
import { checkpointMessage, type JobUpdate } from './job-updates.js';
import { RunRules } from './run-rules.js';
import type { SessionTurns, TurnStep } from './session-turns.js';

/**
 * Makes one video as a durable job: a session, the images uploaded, the script sent, each edit sent, the
 * render, and the MP4 saved (with `out`), every step checkpointed in `store` before and after it acts. Run it
 * again with the same spec and store after a crash, an abort or a failure, and it resumes: it never creates a
 * second session, uploads a file twice, sends a message again that may have run (it confirms it by the
 * session's state instead), or submits a second render while one is live.
 *
 * Resolves with the job's {@link JobResult}; never rejects for a service error (the result says `failed`
 * or `needs_attention`). Rejects with an `InvalidArgumentError` for a bad spec (before anything is sent or
 * stored), with the signal's reason on an abort, and with the store's own error when it cannot write.
 *
 * @example
 * ```ts
 * import { NemoVideo } from 'nemo-video';
 * import { runVideoJob } from 'nemo-video/jobs';
 * import { fileJobStore, nodeJobFiles } from 'nemo-video/node';
 *
 * const result = await runVideoJob(
 *   new NemoVideo(),
 *   { id: 'teaser', script: 'Cities never sleep.', aspect: '9:16', edits: ['add lo-fi background music'], out: 'teaser.mp4' },
 *   { store: fileJobStore('.jobs'), files: nodeJobFiles, onUpdate: (u) => console.log(u.message) },
 * );
 * console.log(result.status, result.file ?? result.remedy?.message);
 * ```
 */
export async function runVideoJob(client: NemoVideo, spec: VideoJobSpec, options: VideoJobOptions): Promise<JobResult> {
  checkOptions(options);
  checkSpec(spec, options.files);
  return runJob(client, spec, options, newRules(options));
}

/** The rules of a run, from its options. */
export const newRules = (options: VideoJobOptions): RunRules => new RunRules(resolveTimings(options.timings).rateLimitPause, options.rateLimitRetries ?? 3);

/** Refuses options without a usable store, before anything is sent. */
export function checkOptions(options: VideoJobOptions): void {
  const store = options?.store as Partial<JobStore> | undefined;
  if (typeof store?.get !== 'function' || typeof store.set !== 'function') {
    throw new InvalidArgumentError('A job needs a store with get and set: memoryJobStore(), fileJobStore(dir) from nemo-video/node, or your own JobStore.');
  }
}

/**
 * A session the run's jobs share (`runJobs`' `session`): its id, the jobs' turns in it, and the renders' limit.
 *
 * @example
 * ```ts
 * const shared: SharedSession = { id: sessionId, turns: new SessionTurns(ids), renders: concurrencyLimit(2) };
 * ```
 */
export interface SharedSession {
  /** The session. */
  id: string;
  /** The jobs' turns. */
  turns: SessionTurns;
  /** How many renders run at once. */
  renders: <T>(task: () => Promise<T>) => Promise<T>;
}

/** Runs one checked job under the run's shared rules, in its own session or in `shared`. */
export function runJob(client: NemoVideo, spec: VideoJobSpec, options: VideoJobOptions, rules: RunRules, shared?: SharedSession): Promise<JobResult> {
  return new VideoJob(client, spec, options, rules, shared).run();
}

/** The job cannot go on without a person: it ends as `needs_attention` with this reason. */
class NeedsAttention extends Error {
  constructor(
    readonly reason: AttentionReason,
    message: string,
  ) {
    super(message);
  }
}

/** In a shared session, the run ran out of credits before this job's turn: it does not start. */
class NotStarted extends Error {
  constructor(readonly outOfCredits: InsufficientCreditsError) {
    super(outOfCredits.message);
  }
}

/** The service answered "no" to the request itself, so it never ran: a 4xx, or an error code in an HTTP 200. */
const isRefusal = (error: unknown) => error instanceof APIError && (error.status === undefined || error.status < 500);

const newRenderId = () => `render_${crypto.randomUUID().replaceAll('-', '')}`;

/** An image ready to upload: a URL for the service to fetch, or bytes with a name. */
type Upload = { url: string } | { file: UploadSource; filename: string | undefined };

class VideoJob {
  readonly #client: NemoVideo;
  readonly #spec: VideoJobSpec;
  readonly #options: VideoJobOptions;
  readonly #rules: RunRules;
  readonly #timings: Timings;
  readonly #signal: AbortSignal;
  readonly #shared: SharedSession | undefined;
  #record!: JobRecord;
  #storeFailed = false;
  /** The timeline that confirmed the last message in this run: in a shared session, what the job renders. */
  #confirmedDraft: Timeline | undefined;

  constructor(client: NemoVideo, spec: VideoJobSpec, options: VideoJobOptions, rules: RunRules, shared: SharedSession | undefined) {
    this.#client = client;
    this.#spec = spec;
    this.#options = options;
    this.#rules = rules;
    this.#shared = shared;
    this.#timings = resolveTimings(options.timings);
    this.#signal = options.signal ?? new AbortController().signal;
  }

  async run(): Promise<JobResult> {
    const { id } = this.#spec;
    this.#signal.throwIfAborted();
    const summary = summarizeSpec(this.#spec);
    const saved = await this.#storeCall(() => this.#options.store.get(id));
    if (saved) {
      if (saved.version !== JOB_RECORD_VERSION) {
        const error = new InvalidArgumentError(`The record of job "${id}" has version ${String(saved.version)}; this SDK reads version ${JOB_RECORD_VERSION}. Upgrade nemo-video (the record is left as it is).`);
        return resultOf({ ...saved, status: 'failed', error: plainError(error) }, error);
      }
      if (!sameSpec(saved.spec, summary)) {
        const message = `The record of job "${id}" was made for another spec (script or message, images, aspect, seconds or edits differ). Give this spec another id, or delete the record to start over (the record is left as it is).`;
        return resultOf({ ...saved, status: 'needs_attention', attention: { reason: 'spec_changed', message } });
      }
      if (saved.status === 'done' || saved.status === 'needs_attention') return resultOf(saved);
      this.#record = { ...saved, status: 'running', error: undefined };
    } else {
      const now = Date.now();
      this.#record = { version: JOB_RECORD_VERSION, id, status: 'running', checkpoint: 'session:creating', spec: summary, uploads: [], messages: [], createdAt: now, updatedAt: now };
    }
    try {
      await this.#session();
      await this.#turn('uploads', () => this.#uploads());
      const messages = jobMessages(this.#spec);
      const rendering = await this.#turn('message', async () => {
        for (let i = 0; i < messages.length; i++) await this.#message(i, messages[i]!);
        return this.#startRender();
      });
      await rendering();
      await this.#save();
      this.#record.status = 'done';
      await this.#checkpoint('done');
      return resultOf(this.#record);
    } catch (error) {
      return this.#stop(error);
    }
  }

  /** Ends the job on `error`: needs_attention or failed, written; a store failure, an abort or a bug is thrown. */
  async #stop(caught: unknown): Promise<JobResult> {
    if (this.#storeFailed) throw caught;
    if (this.#signal.aborted) throw this.#signal.reason;
    const record = this.#record;
    if (caught instanceof NotStarted) return notStarted(record.id, record, caught.outOfCredits);
    let error = caught;
    if (error instanceof SessionNotFoundError) {
      error = new NeedsAttention(
        'session_lost',
        `The job's session ${record.sessionId} is gone (1002), with what was made in it. Delete the job's record to start it over in a new session (its messages are then sent, and paid for, again).`,
      );
    }
    if (error instanceof NeedsAttention) {
      record.status = 'needs_attention';
      record.attention = { reason: error.reason, message: error.message };
      await this.#write();
      return resultOf(record);
    }
    if (!(error instanceof NemoVideoError)) throw error;
    this.#rules.noteFailure(error);
    record.status = 'failed';
    record.error = plainError(error);
    await this.#write();
    return resultOf(record, error);
  }

  // --- the steps -------------------------------------------------------------------------------------------

  /**
   * Runs `work`, the part of the job that changes its session: at once in a session of its own, in the job's
   * turn in a shared one, where a job whose first message is not out yet does not start after a 2001.
   */
  async #turn<T>(step: TurnStep, work: () => Promise<T>): Promise<T> {
    const shared = this.#shared;
    if (!shared) return work();
    return shared.turns.turn(this.#spec.id, step, async () => {
      const outOfCredits = this.#rules.outOfCredits;
      if (outOfCredits && !this.#record.messages.length) throw new NotStarted(outOfCredits);
      try {
        return await work();
      } catch (error) {
        throw await this.#settle(shared, error);
      }
    }, this.#signal);
  }

  /**
   * Settles the job's turn before it passes on with `error`, since the next job's steps will change the
   * session: a store failure, an abort or a bug stops every turn (as a crash would); a 2001 is noted for the
   * next job to see; an upload in doubt is settled by the media count now, while no other upload moves it
   * (dropped from the record when it did not land, so a rerun sends it); a message in doubt needs a person,
   * since later jobs' changes would pass for its own. Returns the error the job ends on.
   */
  async #settle(shared: SharedSession, error: unknown): Promise<unknown> {
    const ends = error instanceof NemoVideoError || error instanceof NeedsAttention;
    if (this.#storeFailed || this.#signal.aborted || !ends) {
      shared.turns.stop(error);
      return error;
    }
    this.#rules.noteFailure(error);
    const record = this.#record;
    const doubt = record.uploads.findIndex((upload) => upload.status === 'sending');
    if (doubt >= 0) {
      // A state that cannot be read counts as not landed: a file twice in the session beats an item without its file.
      const landed = !isRefusal(error) && (await this.#state().then(({ media }) => media.length > record.uploads[doubt]!.mediaBefore, () => false));
      if (landed) record.uploads[doubt]!.status = 'sent';
      else record.uploads.length = doubt;
    }
    const message = record.messages.findIndex((entry) => entry.status !== 'confirmed');
    if (message >= 0 && !(error instanceof NeedsAttention)) {
      return new NeedsAttention('unconfirmed_message', `Message ${message + 1} ("${record.messages[message]!.text.slice(0, 60)}") may have run, and the job stopped before the session's timeline could confirm it (${(error as Error).message}); other jobs edit the session after it, so it is not confirmed later. Check the session, then resolve the record (see docs/pipelines.md).`);
    }
    return error;
  }

  async #session(): Promise<void> {
    const record = this.#record;
    const shared = this.#shared?.id;
    if (shared !== undefined && record.sessionId !== shared) {
      if (record.sessionId) {
        throw new NeedsAttention('session_lost', `The job's record is of session ${record.sessionId}, and this run works in session ${shared}: its work is in the other one. Run it in that session, or delete its record to start it over in this one.`);
      }
      record.sessionId = shared;
      await this.#checkpoint('session:created');
    }
    if (record.sessionId) return;
    await this.#checkpoint('session:creating');
    // A crash between the answer and the next write leaves that session behind, empty: no endpoint lists sessions.
    const session = await this.#call(() => this.#client.sessions.create({ name: this.#spec.id, language: this.#options.language }, { signal: this.#signal }));
    record.sessionId = session.id;
    await this.#checkpoint('session:created');
  }

  async #uploads(): Promise<void> {
    const record = this.#record;
    const images = this.#spec.images ?? [];
    for (let i = 0; i < images.length; i++) {
      if (record.uploads[i]?.status === 'sent') continue;
      // Opened first: a missing file fails the job before its upload is recorded as started.
      const upload = await this.#open(images[i]!, i);
      const { media } = await this.#state();
      const entry = record.uploads[i];
      let files: UploadedFile[] | undefined;
      if (!entry) {
        record.uploads[i] = { status: 'sending', mediaBefore: media.length };
        await this.#checkpoint(`upload:${i}:sending`);
        files = await this.#upload(upload, i);
      } else if (media.length <= entry.mediaBefore) {
        // Recorded as sending, and the session's media did not grow: it never landed, so it goes now.
        files = await this.#upload(upload, i);
      }
      record.uploads[i]!.status = 'sent';
      await this.#checkpoint(`upload:${i}:sent`, files);
    }
  }

  async #message(i: number, text: string): Promise<void> {
    const record = this.#record;
    let entry = record.messages[i];
    if (entry?.status === 'confirmed') return;
    if (!entry) {
      const state = await this.#state();
      entry = record.messages[i] = { text, status: 'sending', before: fingerprint(state.raw.draft) };
      await this.#checkpoint(`message:${i}:sending`);
      const turn = await this.#send(i, text);
      if (turn.agentError !== undefined) {
        // The turn ran and failed: one look at the timeline, then a person decides (a re-send may cost again).
        if (await this.#changed(entry.before, 0)) return this.#confirmed(i);
        throw new NeedsAttention('agent_error', `The agent could not finish message ${i + 1} ("${text.slice(0, 60)}"): ${turn.agentError} The timeline did not change. Check the session, then resolve the record (see docs/pipelines.md).`);
      }
      if (turn.ended) {
        entry.status = 'sent';
        await this.#checkpoint(`message:${i}:sent`);
      }
    }
    if (await this.#changed(entry.before)) return this.#confirmed(i);
    const checks = this.#timings.maxPolls + 1;
    throw entry.status === 'sent'
      ? new NeedsAttention('no_change', `Message ${i + 1} ("${text.slice(0, 60)}") was answered, but the timeline did not change in ${checks} checks: the agent may have asked something. Check the session, then resolve the record (see docs/pipelines.md).`)
      : new NeedsAttention('unconfirmed_message', `Message ${i + 1} ("${text.slice(0, 60)}") may have been sent, but the timeline did not change in ${checks} checks, so it was not sent again. Check the session, then resolve the record (see docs/pipelines.md).`);
  }

  async #confirmed(i: number): Promise<void> {
    this.#record.messages[i]!.status = 'confirmed';
    await this.#checkpoint(`message:${i}:confirmed`);
  }

  /**
   * Submits the render (in the job's message turn: the timeline is still its own) and returns the wait for
   * it. In a shared session, the render holds one of the run's render slots from its submission to its end,
   * and the turn passes on once it is submitted: the next job edits while this one renders.
   */
  async #startRender(): Promise<() => Promise<void>> {
    const shared = this.#shared;
    if (!shared) {
      await this.#submitRender();
      return () => this.#awaitRender();
    }
    let submitted!: (error?: unknown) => void;
    const submitting = new Promise<void>((resolve, reject) => (submitted = (error) => (error === undefined ? resolve() : reject(error))));
    const rendering = shared.renders(async () => {
      try {
        // A slot may come free after an abort: no render is submitted then.
        this.#signal.throwIfAborted();
        await this.#submitRender();
      } catch (error) {
        submitted(error ?? new Error('render submission failed'));
        throw error;
      }
      submitted();
      await this.#awaitRender();
    });
    // A failed submission rejects both: the turn reports it, and this copy is not left unhandled.
    rendering.catch(() => {});
    await submitting;
    return () => rendering;
  }

  async #submitRender(): Promise<void> {
    const record = this.#record;
    let render = record.render;
    if (render?.status === 'completed') return;
    if (!render || render.status === 'failed') {
      const draft = await this.#snapshot(render?.snapshot);
      // The id is written before the request goes: whatever becomes of the request, the job can find its render.
      render = record.render = { id: newRenderId(), status: 'submitting', ...(this.#shared && { snapshot: fingerprint(draft) }) };
      await this.#checkpoint('render:submitting');
      await this.#submit(render.id, draft);
    } else if (render.status === 'submitting' && !(await this.#renderExists(render.id))) {
      await this.#submit(render.id, await this.#snapshot(render.snapshot));
    }
    if (render.status === 'submitting') {
      render.status = 'submitted';
      await this.#checkpoint('render:submitted');
    }
  }

  async #awaitRender(): Promise<void> {
    const render = this.#record.render!;
    if (render.status === 'completed') return;
    const record = this.#record;
    const { renderInterval: interval, renderMaxDuration: maxDuration } = this.#timings;
    const onProgress = ({ progress }: { progress: number }) =>
      this.#emit({ type: 'progress', jobId: record.id, stage: 'render', percent: progress, message: `Rendering… ${progress}%` });
    try {
      const { url } = await this.#call(() => this.#client.renders.wait(render.id, { interval, maxDuration, signal: this.#signal, onProgress }));
      render.status = 'completed';
      render.url = url;
    } catch (error) {
      // A failed render is over: a rerun renders again, under a new id. (A wait that timed out leaves it live.)
      if (error instanceof RenderFailedError) render.status = 'failed';
      throw error;
    }
    await this.#checkpoint('render:completed');
  }

  async #save(): Promise<void> {
    const { out } = this.#spec;
    const { files } = this.#options;
    if (out === undefined || !files) return;
    await this.#checkpoint('download:saving');
    try {
      await files.save(this.#client, this.#record.render!.url!, out, { signal: this.#signal });
    } catch (error) {
      if (this.#signal.aborted || error instanceof NemoVideoError) throw error;
      throw new NemoVideoError(`Could not save the MP4 to "${out}": ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
    this.#record.file = out;
  }

  // --- the requests ----------------------------------------------------------------------------------------

  /** The session's state (the 429 rules applied). */
  #state() {
    return this.#call(() => this.#client.state.get(this.#record.sessionId!, { signal: this.#signal }));
  }

  async #open(image: JobImage, i: number): Promise<Upload> {
    if (typeof image !== 'string') return { file: image instanceof Blob ? image : image.file, filename: imageFilename(image, i) };
    if (isHttpUrl(image)) return { url: image };
    try {
      return { file: await this.#options.files!.open(image), filename: undefined };
    } catch (error) {
      if (error instanceof NemoVideoError) throw error;
      throw new InvalidArgumentError(`Could not open images[${i}] ("${image}"): ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
  }

  async #upload(upload: Upload, i: number): Promise<UploadedFile[]> {
    const sessionId = this.#record.sessionId!;
    const { uploads } = this.#client;
    const signal = this.#signal;
    const onProgress = ({ loaded, total }: { loaded: number; total: number }) => {
      const percent = total ? Math.floor((loaded * 100) / total) : 100;
      this.#emit({ type: 'progress', jobId: this.#record.id, stage: 'upload', percent, message: `Uploading image ${i + 1}… ${percent}%` });
    };
    const { files } = await this.#call(() =>
      'url' in upload
        ? uploads.fromUrls(sessionId, [upload.url], { signal })
        : uploads.create(sessionId, { file: upload.file, filename: upload.filename }, { signal, onProgress }),
    );
    return files;
  }

  /**
   * Sends message `i` once: `ended` when its turn ran to its end, false when the stream broke off after the
   * request went (it may have run). A refusal (it never ran) is thrown, after the run's 429 retries, and the
   * message is then no longer pending: a rerun sends it.
   */
  async #send(i: number, text: string): Promise<{ ended: boolean; agentError?: string | undefined }> {
    const signal = this.#signal;
    try {
      return await this.#call(async () => {
        let seen = false;
        let agentError: string | undefined;
        try {
          for await (const event of this.#client.chat.stream(this.#record.sessionId!, text, { signal, stallAfter: this.#timings.stallAfter })) {
            // still_working is the SDK's own clock: it proves nothing reached the agent.
            if (event.type !== 'still_working') seen = true;
            if (event.type === 'text' && !event.partial) this.#emit({ type: 'agent', jobId: this.#record.id, message: event.text });
            if (event.type === 'error' && event.terminal) agentError = event.message;
          }
        } catch (error) {
          if (signal.aborted || (!seen && isRefusal(error))) throw error;
          return { ended: false }; // cut, stalled, a 5xx or the network: it may have run, and the state tells
        }
        return { ended: true, agentError };
      });
    } catch (error) {
      if (!signal.aborted && isRefusal(error)) this.#record.messages.length = i;
      throw error;
    }
  }

  /**
   * Whether the session's timeline differs from the fingerprint `before`: checked at once, then after
   * `firstPoll`, then every `pollEvery`, up to `polls` checks after the first.
   */
  async #changed(before: string, polls = this.#timings.maxPolls): Promise<boolean> {
    for (let poll = 0; poll <= polls; poll++) {
      if (poll) await sleep(poll === 1 ? this.#timings.firstPoll : this.#timings.pollEvery, this.#signal);
      const state = await this.#state();
      if (fingerprint(state.raw.draft) !== before) {
        this.#confirmedDraft = state.draft;
        return true;
      }
    }
    return false;
  }

  /**
   * The timeline to render. In a shared session: the one that confirmed the job's last message in this run
   * (no second read), and when a render is made again, only the one of the `snapshot` it was first made of:
   * later jobs may have changed the session since.
   */
  async #snapshot(snapshot: string | undefined): Promise<Timeline> {
    if (!this.#shared) return this.#exportableDraft();
    const draft = isExportable(this.#confirmedDraft) ? this.#confirmedDraft : await this.#exportableDraft();
    if (snapshot !== undefined && fingerprint(draft) !== snapshot) {
      throw new InvalidArgumentError(`The render of job "${this.#record.id}" must be made again, but the timeline of session ${this.#record.sessionId} has changed since (a later job edited it): it cannot be rendered as this job left it. Delete the job's record to make it over.`);
    }
    return draft;
  }

  async #exportableDraft(): Promise<Timeline> {
    const { draft } = await this.#state();
    if (!isExportable(draft)) {
      throw new InvalidArgumentError(`The timeline of session ${this.#record.sessionId} is empty after the job's messages: nothing to render. Check the session.`);
    }
    return draft;
  }

  /**
   * Submits the render under the job's own id. Not under the job's signal: an abort must not cancel the
   * render the record names. When the service answers with an error, the renderer is asked whether it has
   * the id: a "taken" (this job's own earlier request got there) or an error after the job was made both
   * mean it exists, and the job waits on it.
   */
  async #submit(id: string, draft: Timeline): Promise<void> {
    try {
      await this.#call(() => this.#client.renders.create({ id, sessionId: this.#record.sessionId!, draft }));
    } catch (error) {
      if (!(error instanceof APIError) || !(await this.#renderExists(id))) throw error;
    }
  }

  /** Whether the renderer knows the render `id` (a 404 says it does not). */
  async #renderExists(id: string): Promise<boolean> {
    try {
      await this.#call(() => this.#client.renders.retrieve(id, { signal: this.#signal }));
      return true;
    } catch (error) {
      if (error instanceof APIError && error.status === 404 && !(error instanceof SessionNotFoundError)) return false;
      throw error;
    }
  }

  // --- the record ------------------------------------------------------------------------------------------

  #call<T>(call: () => Promise<T>): Promise<T> {
    return this.#rules.call(call, this.#signal, (ms) =>
      this.#emit({ type: 'paused', jobId: this.#record.id, ms, message: `Rate limited: every job of the run waits ${Math.ceil(ms / 1000)} s.` }),
    );
  }

  async #checkpoint(checkpoint: Checkpoint, files?: UploadedFile[]): Promise<void> {
    this.#record.checkpoint = checkpoint;
    await this.#write(files);
  }

  /** Writes the whole record, then reports it (with what an upload made, when it just answered). */
  async #write(files?: UploadedFile[]): Promise<void> {
    const record = this.#record;
    record.updatedAt = Date.now();
    const json = JSON.stringify(record);
    await this.#storeCall(() => this.#options.store.set(record.id, JSON.parse(json) as JobRecord));
    // The update's copy of the record is made only for someone listening: every step of every job writes.
    if (!this.#options.onUpdate) return;
    const { checkpoint, status } = record;
    this.#emit({ type: 'checkpoint', jobId: record.id, checkpoint, status, message: checkpointMessage(record), record: JSON.parse(json) as JobRecord, ...(files && { files }) });
  }

  /** A store call; its failure is the job's end (thrown, never a result): without its record a job cannot go on safely. */
  async #storeCall<T>(call: () => T | Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.#storeFailed = true;
      throw error;
    }
  }

  #emit(update: JobUpdate): void {
    this.#options.onUpdate?.(update);
  }
}

