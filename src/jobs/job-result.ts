import type { InsufficientCreditsError } from '../core/errors/api.js';
import { remedyFor, type Remedy, type RemedyKind } from '../core/remedy.js';
import { plainError, type AttentionReason, type Checkpoint, type JobError, type JobRecord } from './job-record.js';

/**
 * What became of one job: one entry per job, in the order given.
 *
 * | `status` | means | carries |
 * |---|---|---|
 * | `done` | the video is made | `url` (and `file` with `out`), `renderId`, `sessionId` |
 * | `failed` | an error stopped it; nothing is in doubt, so a rerun resumes it | `error`, `remedy`, `checkpoint` |
 * | `needs_attention` | it cannot tell whether a message ran, or its session is gone; a rerun leaves it | `attention`, `remedy`, `sessionId` |
 * | `not_started` | the run ran out of credits (2001) before its turn | `remedy` (register or top up), `error` |
 *
 * @example
 * ```ts
 * for (const r of await runJobs(nv, specs, { store })) console.log(r.id, r.status, r.url ?? r.remedy?.message);
 * ```
 */
export interface JobResult {
  /** The job's id. */
  id: string;
  /** How it ended (see the table above). */
  status: 'done' | 'failed' | 'needs_attention' | 'not_started';
  /** Its session, once made: open it to see what the agent did. */
  sessionId: string | undefined;
  /** Its render, once its id was chosen. */
  renderId: string | undefined;
  /** Where to download the MP4, when done. */
  url: string | undefined;
  /** Where the MP4 was saved, when the spec had `out`. */
  file: string | undefined;
  /** The last step the job wrote (undefined when it never started). */
  checkpoint: Checkpoint | undefined;
  /** What stopped it (`failed`, `not_started`), as plain JSON. */
  error: JobError | undefined;
  /** What went wrong and what to do, for a person (`failed`, `needs_attention`, `not_started`). */
  remedy: Remedy | undefined;
  /** Why it needs a person (`needs_attention`). */
  attention:
    | {
        /** Why. */
        reason: AttentionReason;
        /** What happened and what to do. */
        message: string;
      }
    | undefined;
}

const ATTENTION_KIND: Record<AttentionReason, RemedyKind> = {
  unconfirmed_message: 'no_change',
  no_change: 'no_change',
  agent_error: 'agent_error',
  session_lost: 'session_lost',
  spec_changed: 'invalid',
};

/** A job's result from its record; `error` is the live error of this run, when it failed in it. */
export function resultOf(record: JobRecord, error?: unknown): JobResult {
  const { status, attention } = record;
  let remedy: Remedy | undefined;
  if (status === 'failed') {
    remedy = error === undefined ? { kind: 'error', links: [], message: record.error?.message ?? 'The job failed.' } : remedyFor(error);
  } else if (attention) {
    remedy = { kind: ATTENTION_KIND[attention.reason], links: [], message: attention.message, mayStillRun: attention.reason === 'unconfirmed_message' };
  }
  return {
    id: record.id,
    status: status === 'running' ? 'failed' : status,
    sessionId: record.sessionId,
    renderId: record.render?.id,
    url: status === 'done' ? record.render?.url : undefined,
    file: record.file,
    checkpoint: record.checkpoint,
    error: status === 'failed' ? record.error : undefined,
    remedy,
    attention: status === 'needs_attention' ? attention : undefined,
  };
}

/**
 * A {@link JobResult} as a job's record tells it, or `interrupted` for a record still `running`: the job was
 * stopped by a crash or an abort at its `checkpoint` (a rerun continues it), or runs now in another process.
 *
 * @example
 * ```ts
 * const result: RecordResult = recordResult(record);
 * if (result.status === 'interrupted') console.log(`${result.id} stopped at ${result.checkpoint}`);
 * ```
 */
export type RecordResult = Omit<JobResult, 'status'> & {
  /** How it ended (see {@link JobResult}), or `interrupted`: it has not ended. */
  status: JobResult['status'] | 'interrupted';
};

/**
 * What a job's record says of it, as {@link runJobs} would report it, without running it: for a dashboard
 * over a store, or a summary after an interrupt. A record still `running` is `interrupted` (see
 * {@link RecordResult}); a failure's remedy is its stored error's message (the live error is gone).
 *
 * @example
 * ```ts
 * for (const id of await store.list()) {
 *   const result = recordResult((await store.get(id))!);
 *   console.log(id, result.status, result.url ?? result.remedy?.message ?? result.checkpoint);
 * }
 * ```
 */
export function recordResult(record: JobRecord): RecordResult {
  const result = resultOf(record);
  return record.status === 'running' ? { ...result, status: 'interrupted', remedy: undefined } : result;
}

/** The result of a job the run did not start because it ran out of credits; `record` is its earlier one, if any. */
export function notStarted(id: string, record: JobRecord | undefined, outOfCredits: InsufficientCreditsError): JobResult {
  const remedy = remedyFor(outOfCredits);
  return {
    id,
    status: 'not_started',
    sessionId: record?.sessionId,
    renderId: record?.render?.id,
    url: undefined,
    file: undefined,
    checkpoint: record?.checkpoint,
    error: plainError(outOfCredits),
    remedy: { ...remedy, message: `Not started: ${remedy.message} Then run the jobs again: finished ones are kept.` },
    attention: undefined,
  };
}
