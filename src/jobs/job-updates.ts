import type { UploadedFile } from '../schemas/upload.js';
import type { Checkpoint, JobRecord, JobStatus } from './job-record.js';

/**
 * What a job reports while it works, each with its `jobId` and a `message` for a person:
 *
 * - `checkpoint`: a record was written (a step before or after it acted, or the job's end), with a copy of it;
 * - `agent`: what the agent said in a message's turn (each whole text, as it came);
 * - `progress`: an upload's or the render's percent;
 * - `paused`: the run waits `ms` after a 429 before any job calls again.
 *
 * @example
 * ```ts
 * onUpdate: (u) => console.log(`[${u.jobId}] ${u.message}`)
 * ```
 */
export type JobUpdate =
  | {
      /** A record was written. */
      type: 'checkpoint';
      /** The job. */
      jobId: string;
      /** The step written. */
      checkpoint: Checkpoint;
      /** The job's status after it. */
      status: JobStatus;
      /** e.g. `Message 1 of 3 confirmed: the timeline changed.` */
      message: string;
      /** A copy of the record as written. */
      record: JobRecord;
      /** At `upload:<i>:sent`: what the service made of the image (absent when a rerun found it landed). */
      files?: UploadedFile[] | undefined;
    }
  | {
      /** The agent said something in a message's turn. */
      type: 'agent';
      /** The job. */
      jobId: string;
      /** Its words, as it sent them. */
      message: string;
    }
  | {
      /** How far an upload or the render has got. */
      type: 'progress';
      /** The job. */
      jobId: string;
      /** What is progressing. */
      stage: 'upload' | 'render';
      /** 0 to 100. */
      percent: number;
      /** e.g. `Rendering… 45%`. */
      message: string;
    }
  | {
      /** The run is rate limited: every job waits before its next call. */
      type: 'paused';
      /** The job that got the 429. */
      jobId: string;
      /** How long the run waits. */
      ms: number;
      /** e.g. `Rate limited: every job waits 30 s.` */
      message: string;
    };

/** The line a checkpoint update shows. */
export function checkpointMessage(record: JobRecord): string {
  const { checkpoint, status } = record;
  if (status === 'failed') return `Failed: ${record.error?.message ?? 'unknown error'}`;
  if (status === 'needs_attention') return `Needs attention: ${record.attention?.message ?? ''}`.trim();
  const [step, index, phase] = checkpoint.split(':');
  const n = Number(index) + 1;
  if (step === 'upload') return phase === 'sending' ? `Uploading image ${n} of ${record.spec.images.length}…` : `Uploaded image ${n}.`;
  if (step === 'message') {
    const of = `${n} of ${record.spec.edits.length + 1}`;
    if (phase === 'sending') return `Sending message ${of}…`;
    return phase === 'sent' ? `Message ${of} answered: confirming by the timeline…` : `Message ${of} confirmed: the timeline changed.`;
  }
  const lines: Record<string, string> = {
    'session:creating': 'Starting a session…',
    'session:created': `Session ${record.sessionId}.`,
    'render:submitting': `Submitting render ${record.render?.id}…`,
    'render:submitted': `Rendering (${record.render?.id})…`,
    'render:completed': `Rendered: ${record.render?.url}`,
    'download:saving': `Saving the MP4…`,
    done: `Done: ${record.file ?? record.render?.url}`,
  };
  return lines[checkpoint] ?? checkpoint;
}
