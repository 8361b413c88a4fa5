import { APIError } from '../core/errors/api.js';
import type { JobSpecSummary } from './job-spec.js';

/** The version of {@link JobRecord} this SDK writes and reads. */
export const JOB_RECORD_VERSION = 1;

/**
 * Where a job stands:
 *
 * - `running`: started and not finished (or stopped by a crash or an abort: a rerun resumes it);
 * - `done`: the video is made (`url`, and `file` when the spec had `out`);
 * - `failed`: an error stopped it where nothing is in doubt; a rerun resumes it from its last checkpoint;
 * - `needs_attention`: it cannot tell whether a message ran, or its session is gone: a rerun leaves it alone
 *   until a person decides (see docs/pipelines.md).
 *
 * @example
 * ```ts
 * if (record.status === 'needs_attention') console.log(record.attention?.message);
 * ```
 */
export type JobStatus = 'running' | 'done' | 'failed' | 'needs_attention';

/**
 * The named steps a job writes to its store, each before and after it acts (`<i>` counts from 0):
 *
 * | checkpoint | written |
 * |---|---|
 * | `session:creating` | before the session is created (the record's first write) |
 * | `session:created` | with the session id |
 * | `upload:<i>:sending` | before image `i` is uploaded, with the session's media count before it |
 * | `upload:<i>:sent` | after the upload answered (or the state showed it landed) |
 * | `message:<i>:sending` | before message `i` is sent, with a fingerprint of the timeline before it |
 * | `message:<i>:sent` | after its turn ended |
 * | `message:<i>:confirmed` | once the session's timeline differs from the fingerprint |
 * | `render:submitting` | before the render is submitted, with the render id the job chose |
 * | `render:submitted` | once the render exists |
 * | `render:completed` | with the MP4's URL |
 * | `download:saving` | before the MP4 is saved to `out` |
 * | `done` | the end |
 *
 * @example
 * ```ts
 * const step: Checkpoint = 'message:1:sending';
 * ```
 */
export type Checkpoint =
  | 'session:creating'
  | 'session:created'
  | `upload:${number}:${'sending' | 'sent'}`
  | `message:${number}:${'sending' | 'sent' | 'confirmed'}`
  | 'render:submitting'
  | 'render:submitted'
  | 'render:completed'
  | 'download:saving'
  | 'done';

/**
 * Why a job needs a person:
 *
 * - `unconfirmed_message`: a message may have been sent (the job stopped while it was out, or its stream was
 *   cut), and the timeline did not change within the confirm schedule;
 * - `no_change`: the message's turn ended, but the timeline did not change (the agent may have asked a question);
 * - `agent_error`: the agent said it could not finish the message, and the timeline did not change;
 * - `session_lost`: the job's session is gone (1002), with the work done in it;
 * - `spec_changed`: the record was made for another spec under the same id (the record is left as it is).
 *
 * @example
 * ```ts
 * if (result.attention?.reason === 'unconfirmed_message') console.log('check the session', result.sessionId);
 * ```
 */
export type AttentionReason = 'unconfirmed_message' | 'no_change' | 'agent_error' | 'session_lost' | 'spec_changed';

/**
 * An error as a record keeps it: plain JSON, never a token.
 *
 * @example
 * ```ts
 * if (record.error?.code === 2001) console.log('out of credits');
 * ```
 */
export interface JobError {
  /** The error's class name, e.g. `InsufficientCreditsError`. */
  name: string;
  /** Its message. */
  message: string;
  /** The service's code (2001, 4001…), when there was one. */
  code?: number | undefined;
  /** The HTTP status, when a response came. */
  status?: number | undefined;
  /** The server's request id, for support. */
  requestId?: string | undefined;
}

/**
 * Everything a job has done, as it stores it: plain JSON, small enough for a Redis key, a database row or a
 * queue's job data. The job resumes from it; people can read it (`fileJobStore` writes it as indented JSON).
 *
 * @example
 * ```ts
 * const record = await store.get('launch-teaser');
 * console.log(record?.status, record?.checkpoint, record?.sessionId, record?.render?.id);
 * ```
 */
export interface JobRecord {
  /** The record's format: {@link JOB_RECORD_VERSION}. */
  version: typeof JOB_RECORD_VERSION;
  /** The job's id (its spec's). */
  id: string;
  /** Where it stands. */
  status: JobStatus;
  /** The last step written. */
  checkpoint: Checkpoint;
  /** What it was made from (to tell a rerun of the same spec). */
  spec: JobSpecSummary;
  /** Its session, once created. */
  sessionId?: string | undefined;
  /** One entry per image, in order, once its upload has started. */
  uploads: Array<{
    /** `sending` until the upload answered (or the state showed it), then `sent`. */
    status: 'sending' | 'sent';
    /** How many media the session had before this upload: more on resume means it landed. */
    mediaBefore: number;
  }>;
  /** One entry per message, in order, once it is about to be sent. */
  messages: Array<{
    /** The message. */
    text: string;
    /** `sending` (it may be out), `sent` (its turn ended), `confirmed` (the timeline changed). */
    status: 'sending' | 'sent' | 'confirmed';
    /** A fingerprint of the timeline before the message, which a change is judged against. */
    before: string;
  }>;
  /** The render, once its id is chosen (before it is submitted). */
  render?:
    | {
        /** The render id, chosen by the job before submitting. */
        id: string;
        /** `submitting` (it may be out), `submitted`, `completed` (with `url`), or `failed` (a rerun renders again). */
        status: 'submitting' | 'submitted' | 'completed' | 'failed';
        /** The MP4's URL, once completed. */
        url?: string | undefined;
        /**
         * In a session jobs share (`runJobs`' `session`): a fingerprint of the timeline submitted, the job's
         * own; a render made again is made only of that timeline, not of what later jobs changed.
         */
        snapshot?: string | undefined;
      }
    | undefined;
  /** Where the MP4 was saved (the spec's `out`), once saved. */
  file?: string | undefined;
  /** What stopped it, when `failed`. */
  error?: JobError | undefined;
  /** Why it needs a person, when `needs_attention`. */
  attention?:
    | {
        /** Why. */
        reason: AttentionReason;
        /** What happened and what to do, for a person. */
        message: string;
      }
    | undefined;
  /** When the record was made, epoch ms. */
  createdAt: number;
  /** When it was last written, epoch ms. */
  updatedAt: number;
}

/** An error as a record keeps it. */
export function plainError(error: unknown): JobError {
  const e = error as Error;
  const api = error instanceof APIError ? error : undefined;
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(api?.code !== undefined && { code: api.code }),
    ...(api?.status !== undefined && { status: api.status }),
    ...(api?.requestId !== undefined && { requestId: api.requestId }),
  };
}

/**
 * A short fingerprint of a value's JSON (53-bit cyrb53, hex): what the record keeps of the timeline before a
 * message, so the record stays small. Not a security hash: it tells "changed" from "the same".
 */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
