import type { JobFiles } from './job-files.js';
import type { JobStore } from './job-store.js';
import type { JobUpdate } from './job-updates.js';

/**
 * Every wait a job makes, in milliseconds, so that tests run in milliseconds and an app can tune them. The
 * defaults are the service's schedule.
 *
 * @example
 * ```ts
 * await runJobs(nv, specs, { store, timings: { firstPoll: 5, pollEvery: 5, renderInterval: 5, rateLimitPause: 20 } }); // a test
 * ```
 */
export interface JobTimings {
  /**
   * Confirming a message by state: the timeline is checked as soon as its turn ends (or at once on resume),
   * then after this.
   * @default 30000
   */
  firstPoll?: number | undefined;
  /**
   * …then every this many ms.
   * @default 60000
   */
  pollEvery?: number | undefined;
  /**
   * …until it changed, or this many checks after the first found it unchanged: then `needs_attention`.
   * @default 5
   */
  maxPolls?: number | undefined;
  /**
   * How often a render is checked.
   * @default `renders.wait`'s: every 30 s, as the service asks, or as the status answer's `Retry-After` says (1-30 s)
   */
  renderInterval?: number | undefined;
  /**
   * How long a job waits for its render before it fails (the render is not cancelled: a rerun waits again).
   * @default 900000 (15 minutes)
   */
  renderMaxDuration?: number | undefined;
  /**
   * How long the whole run pauses after a 429 the client surfaced, before any of its jobs calls again.
   * @default the Retry-After the service sent (30 s when it sent none)
   */
  rateLimitPause?: number | undefined;
  /**
   * A chat turn with no event for this long is cut (and then confirmed by state, never re-sent).
   * @default 600000 (10 minutes, the chat's own)
   */
  stallAfter?: number | undefined;
}

/** {@link JobTimings} with the defaults filled in (`rateLimitPause` and `renderInterval` stay optional: the server's by default). */
export type Timings = Required<Omit<JobTimings, 'rateLimitPause' | 'stallAfter' | 'renderInterval'>> &
  Pick<JobTimings, 'rateLimitPause' | 'stallAfter' | 'renderInterval'>;

// No renderInterval: renders.wait's own default applies, which honours the server's poll hint.
const DEFAULTS = { firstPoll: 30_000, pollEvery: 60_000, maxPolls: 5, renderMaxDuration: 15 * 60_000 };

/** The timings given, over the defaults (an undefined entry keeps its default). */
export const resolveTimings = (given: JobTimings = {}): Timings => ({
  ...DEFAULTS,
  ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
});

/**
 * Options of {@link runVideoJob}.
 *
 * @example
 * ```ts
 * await runVideoJob(nv, spec, { store: fileJobStore('.jobs'), files: nodeJobFiles, onUpdate: (u) => console.log(u.message) });
 * ```
 */
export interface VideoJobOptions {
  /** Where the job's record is kept: {@link memoryJobStore}, `fileJobStore(dir)` from `nemo-video/node`, or your own. */
  store: JobStore;
  /**
   * Local files: images given as paths, and `out`. `nodeJobFiles` from `nemo-video/node`.
   * @default undefined (images must be URLs or Blobs, and the result is a URL)
   */
  files?: JobFiles | undefined;
  /**
   * Stops the work; its reason is thrown. The record keeps every checkpoint: run again to resume.
   * @default undefined (runs until done)
   */
  signal?: AbortSignal | undefined;
  /**
   * Every checkpoint written, progress, and the run's pauses.
   * @default undefined (no callback)
   */
  onUpdate?: ((update: JobUpdate) => void) | undefined;
  /**
   * The language of the sessions the jobs start (the agent answers in it), e.g. `zh-CN`.
   * @default the client's (`'en'` unless set)
   */
  language?: string | undefined;
  /**
   * Every wait, in ms.
   * @default the service's schedule (see {@link JobTimings})
   */
  timings?: JobTimings | undefined;
  /**
   * How often one step is tried again after a 429 that the client surfaced (it already waited out one by
   * itself), each after the run's pause. A 429 proves the request never ran, so the chat is tried again too.
   * @default 3
   */
  rateLimitRetries?: number | undefined;
}

/**
 * Options of {@link runJobs}: those of a job, and how many run at once.
 *
 * @example
 * ```ts
 * await runJobs(nv, specs, { store, concurrency: 3, onUpdate: (u) => console.log(u.jobId, u.message) });
 * ```
 */
export interface RunJobsOptions extends VideoJobOptions {
  /**
   * How many jobs run at once (with `session`: how many renders).
   * @default 2
   */
  concurrency?: number | undefined;
  /**
   * A session every job works in, instead of one each (Studio's shared batch runs so). The jobs take turns
   * in it, in the specs' order: every job's uploads first, then each job's messages, its timeline read and
   * its render submitted, one job at a time; the renders then run while the next job edits, `concurrency`
   * at a time. Each job renders the timeline as its own messages left it. A record made in another session
   * needs attention (`session_lost`).
   * @default undefined (each job creates its own session)
   */
  session?: string | undefined;
}
