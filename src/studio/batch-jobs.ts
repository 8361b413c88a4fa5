import type { NemoVideo } from '../client.js';
import { NemoVideoError } from '../core/errors/base.js';
import type { Checkpoint } from '../jobs/job-record.js';
import type { JobResult } from '../jobs/job-result.js';
import type { JobImage, VideoJobSpec } from '../jobs/job-spec.js';
import { memoryJobStore, type JobStore } from '../jobs/job-store.js';
import type { JobUpdate } from '../jobs/job-updates.js';
import { runJobs } from '../jobs/run-jobs.js';
import { checkFilename, toBlob } from '../resources/uploads.js';
import type { BatchItem, BatchOptions, BatchResult, Outcome } from './batch.js';
import { translateGuiText } from './gui-translation.js';
import { ready, renderStarted } from './step-export.js';
import type { StudioFile } from './step-upload.js';
import { remedyUpdate } from './studio-context.js';
import type { StudioTimings } from './studio-timings.js';
import type { StudioUpdate } from './studio-updates.js';

/** Where an item stopped. */
type BatchStage = Extract<BatchResult, { ok: false }>['stage'];

/**
 * What a batch takes from its Studio besides the items.
 *
 * @example
 * ```ts
 * const options: BatchJobsOptions = { concurrency: 2, language: undefined, timings: {}, connect: undefined };
 * ```
 */
export interface BatchJobsOptions extends BatchOptions {
  /** How many items run at once (shared: how many renders), already resolved. */
  concurrency: number;
  /** The Studio's language for new sessions. */
  language: string | undefined;
  /** The Studio's waits: those a job makes too (confirming a turn by state, the render, a stall) are passed on. */
  timings: StudioTimings;
  /**
   * A shared batch's session: connects the Studio to the one the items' records name (`recorded`, so that a
   * rerun goes on where they are), else to its own, reporting to `emit`; its id, or the remedy shown. Absent
   * for a separate batch.
   * @default undefined (a separate batch: a session per item)
   */
  connect?: ((recorded: string | undefined, emit: (update: StudioUpdate) => void) => Promise<Outcome<string>>) | undefined;
}

/** The id of item `index`'s job in the store. */
const jobId = (index: number) => `item-${index}`;

/**
 * Studio's batch, run as jobs of `nemo-video/jobs` ({@link runJobs}): each item is a job that sends its
 * instruction as it is, checkpointed in `options.store` (a fresh memory store when none is given), under the
 * run's rules (out of credits starts no new item, a 429 pauses them all). With `connect` (`sessions:
 * 'shared'`), the jobs work in the Studio's one session, taking turns in it (`runJobs`' `session`); without,
 * each has its own. The jobs' updates are handed to `onUpdate` as Studio updates, and their results become
 * batch results.
 *
 * @example
 * ```ts
 * const results = await runBatchJobs(nv, items, { concurrency: 2, language: undefined, timings: {}, store });
 * ```
 */
export async function runBatchJobs(client: NemoVideo, items: readonly BatchItem[], options: BatchJobsOptions): Promise<BatchResult[]> {
  const store = options.store ?? memoryJobStore();
  const results: BatchResult[] = [];
  const specs: VideoJobSpec[] = [];
  const indexOf = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const id = jobId(index);
    let images: JobImage[] = [];
    try {
      images = item.file ? [await jobImage(item.file)] : [];
    } catch (error) {
      // A bad file, or a stream that cannot be read (or runs past the limit), fails its item alone, as its upload would.
      if (!(error instanceof NemoVideoError)) throw error;
      const name = filenameOf(item.file!);
      const remedy = remedyUpdate(error, typeof name === 'string' && name ? `${name}: ` : '');
      options.onUpdate?.(remedy, index);
      results[index] = { index, ok: false, stage: 'upload', remedy, sessionId: undefined };
      continue;
    }
    indexOf.set(id, index);
    specs.push({ id, message: item.instruction, images });
  }
  let session: string | undefined;
  if (options.connect) {
    const connected = await options.connect(await recordedSession(store, specs), (update) => options.onUpdate?.(update, undefined));
    // No session to share: every item stops there, as it would have before its upload.
    if (connected.remedy) return items.map((_, index) => ({ index, ok: false, stage: 'connect', remedy: connected.remedy, sessionId: undefined }));
    session = connected.value;
    for (const result of results) if (result) result.sessionId = session;
  }
  const onUpdate = options.onUpdate && ((update: JobUpdate) => {
    const index = indexOf.get(update.jobId)!;
    const studioUpdate = fromJobUpdate(update, items[index]!.file, session !== undefined);
    if (studioUpdate) options.onUpdate!(studioUpdate, index);
  });
  const { concurrency, language, signal } = options;
  const { firstPoll, pollEvery, maxPolls, renderInterval, renderMaxDuration, stallAfter } = options.timings;
  const timings = { firstPoll, pollEvery, maxPolls, renderInterval, renderMaxDuration, stallAfter };
  const jobResults = await runJobs(client, specs, { store, concurrency, language, timings, signal, onUpdate, session });
  for (const result of jobResults) {
    const index = indexOf.get(result.id)!;
    results[index] = batchResult(index, result, items[index]!.file ? 1 : 0);
    const outcome = results[index];
    if (!outcome.ok) options.onUpdate?.(outcome.remedy, index);
  }
  return results;
}

/** The session the items' records name, if one has any: the session a shared batch worked in before. */
async function recordedSession(store: JobStore, specs: readonly VideoJobSpec[]): Promise<string | undefined> {
  for (const spec of specs) {
    const sessionId = (await store.get(spec.id))?.sessionId;
    if (sessionId) return sessionId;
  }
  return undefined;
}

/**
 * A Studio file as a job's image, checked as its upload would check it (so a bad one fails its item before a
 * session is made for it); a stream is read first, as a job may upload its image again and a stream reads once.
 */
async function jobImage(file: StudioFile): Promise<JobImage> {
  const filename = checkFilename(filenameOf(file));
  if (file instanceof Blob) return file;
  const bytes = file.file instanceof Blob || file.file instanceof Uint8Array ? file.file : await toBlob(file.file, filename);
  return { file: bytes, filename };
}

const filenameOf = (file: StudioFile): unknown => (file instanceof Blob ? file.name : (file as { filename?: unknown } | undefined)?.filename);

/**
 * A job's update as a Studio update: the agent's words (GUI-translated), its session (unless it is the shared
 * one, announced as the Studio connected), its file uploaded, its render once it exists, its video, progress
 * and pauses; other checkpoints as a status line. A job's end in failure is left out: its remedy follows with
 * the results.
 */
function fromJobUpdate(update: JobUpdate, file: StudioFile | undefined, shared: boolean): StudioUpdate | undefined {
  if (update.type === 'progress') return { type: 'progress', stage: update.stage, percent: update.percent, message: update.message };
  if (update.type === 'paused') return { type: 'status', message: update.message };
  if (update.type === 'agent') {
    const { text } = translateGuiText(update.message);
    return text ? { type: 'text', message: text } : undefined;
  }
  const { checkpoint, record } = update;
  if (record.status === 'failed' || record.status === 'needs_attention') return undefined;
  if (checkpoint === 'session:created') return shared ? undefined : { type: 'session', sessionId: record.sessionId!, resumed: false, message: 'Started a new project.' };
  if (checkpoint === 'upload:0:sent' && file) {
    const filename = String(filenameOf(file));
    return { type: 'result', kind: 'upload', filename, files: update.files ?? [], message: `Uploaded ${filename}.` };
  }
  if (checkpoint === 'render:submitted') return renderStarted(record.render!.id);
  if (checkpoint === 'done') return ready({ url: record.render!.url!, renderId: record.render!.id });
  return { type: 'status', message: update.message };
}

/** A job's result as the batch reports it. */
function batchResult(index: number, result: JobResult, images: number): BatchResult {
  const { sessionId } = result;
  if (result.status === 'done') return { index, ok: true, url: result.url!, renderId: result.renderId!, sessionId };
  return { index, ok: false, stage: stageOf(result.checkpoint, images), remedy: { type: 'remedy', ...result.remedy! }, sessionId };
}

/**
 * The stage a job stopped in, from its last checkpoint: the step it was in, or the one after a step it had
 * finished (an item's job has `images` uploads and one message). Never started: `connect`.
 */
function stageOf(checkpoint: Checkpoint | undefined, images: number): BatchStage {
  const parts = (checkpoint ?? 'session:creating').split(':');
  const [step] = parts;
  const phase = parts.at(-1);
  if (step === 'session') return phase !== 'created' ? 'connect' : images ? 'upload' : 'chat';
  if (step === 'upload') return phase === 'sent' && Number(parts[1]) + 1 >= images ? 'chat' : 'upload';
  if (step === 'message') return phase === 'confirmed' ? 'export' : 'chat';
  return 'export';
}
