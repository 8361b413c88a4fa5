import type { NemoVideo } from '../client.js';
import { InvalidArgumentError } from '../core/errors/base.js';
import { concurrencyLimit } from '../core/concurrency-limit.js';
import { describe } from '../resources/args.js';
import type { RunJobsOptions } from './job-options.js';
import { notStarted, resultOf, type JobResult } from './job-result.js';
import { checkSpec, type VideoJobSpec } from './job-spec.js';
import { SessionTurns } from './session-turns.js';
import { checkOptions, newRules, runJob, type SharedSession } from './video-job.js';

/**
 * Runs many video jobs (see {@link runVideoJob}), `concurrency` at a time, under the run's rules:
 *
 * - **out of credits** (2001): no job starts after it; the rest are reported `not_started`, with the remedy
 *   (register, or top up). Jobs already running go on.
 * - **rate limited** (a 429 that the client surfaced after its own wait): the whole run pauses, and every
 *   job waits before its next call, not only the one that got it; that one then tries again.
 * - **402** (the plan blocks exports), **4001** (file type), **4002** (file size) and any other error fail
 *   that job alone; the others go on.
 *
 * With `session`, the jobs work in that one session, taking turns in it (see {@link RunJobsOptions.session});
 * out of credits then starts no job whose first message is not out yet.
 *
 * Resolves with one {@link JobResult} per spec, in order. Run it again with the same store to resume: done
 * jobs are reported as they are, the others resume from their checkpoints, and `needs_attention` ones wait
 * for a person. Rejects (after stopping every job at its next step) on an abort, on a store that cannot
 * write, and, before anything is sent, on bad specs or a repeated id.
 *
 * @example
 * ```ts
 * import { NemoVideo } from 'nemo-video';
 * import { runJobs } from 'nemo-video/jobs';
 * import { fileJobStore, nodeJobFiles } from 'nemo-video/node';
 *
 * const results = await runJobs(new NemoVideo(), [
 *   { id: 'city', script: 'Cities never sleep.', out: 'out/city.mp4' },
 *   { id: 'sea', script: 'The sea at dawn.', images: ['shots/sea.jpg'], aspect: '9:16', out: 'out/sea.mp4' },
 * ], { store: fileJobStore('.jobs'), files: nodeJobFiles, concurrency: 2 });
 * for (const r of results) console.log(r.id, r.status, r.file ?? r.remedy?.message);
 * ```
 */
export async function runJobs(client: NemoVideo, specs: readonly VideoJobSpec[], options: RunJobsOptions): Promise<JobResult[]> {
  checkOptions(options);
  if (!Array.isArray(specs)) throw new InvalidArgumentError('runJobs needs an array of job specs.');
  const ids = new Set<string>();
  for (const spec of specs) {
    checkSpec(spec, options.files);
    if (ids.has(spec.id)) throw new InvalidArgumentError(`Job id "${spec.id}" is given twice: each job needs its own id.`);
    ids.add(spec.id);
  }
  const { session } = options;
  if (session !== undefined && (typeof session !== 'string' || !session)) {
    throw new InvalidArgumentError(`runJobs' session must be a session id (a non-empty string), got ${describe(session)}.`);
  }
  const rules = newRules(options);
  const max = Math.max(1, Math.floor(options.concurrency ?? 2) || 1);
  // In one session the jobs all start, and take turns there: `concurrency` bounds their renders instead.
  const shared: SharedSession | undefined = session === undefined ? undefined : { id: session, turns: new SessionTurns(specs.map((spec) => spec.id)), renders: concurrencyLimit(max) };
  const limit = shared ? <T>(task: () => Promise<T>) => task() : concurrencyLimit(max);
  // One stop for every job: the caller's abort, or the first job that could not go on (its store failed).
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const settled = await Promise.allSettled(
    specs.map((spec) =>
      limit(async () => {
        try {
          return await run(spec);
        } finally {
          // Its turns left in the session pass on, however it ended.
          shared?.turns.leave(spec.id);
        }
      }),
    ),
  );
  options.signal?.throwIfAborted();
  if (stop.signal.aborted) throw stop.signal.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<JobResult>).value);

  /** One job, unless the run ran out of credits before it started. */
  async function run(spec: VideoJobSpec): Promise<JobResult> {
    signal.throwIfAborted();
    const outOfCredits = rules.outOfCredits;
    if (outOfCredits) {
      const record = await options.store.get(spec.id);
      return record && (record.status === 'done' || record.status === 'needs_attention') ? resultOf(record) : notStarted(spec.id, record, outOfCredits);
    }
    try {
      // A signal of its own, derived from the run's: the run's would carry a listener per call in flight of
      // every job, and Node warns of a leak past 10 (AbortSignal.any links signals without listeners).
      return await runJob(client, spec, { ...options, signal: AbortSignal.any([signal]) }, rules, shared);
    } catch (error) {
      if (!stop.signal.aborted) stop.abort(error);
      throw error;
    }
  }
}
