/**
 * `nemo-video/jobs`: videos as durable, resumable jobs for pipelines. Every step of a job (its session, each
 * upload, each message, the render, the result) is checkpointed in a {@link JobStore} before and after it
 * acts, so a job run again after a crash resumes instead of paying twice: it never creates a second session,
 * uploads a file twice, sends again a message that may have run (it confirms it by the session's state), or
 * submits a second render while one is live. {@link runJobs} runs many under shared rules: out of credits
 * stops new jobs, a 429 slows them all. Isomorphic; `nemo-video/node` adds `fileJobStore` and `nodeJobFiles`.
 *
 * @example
 * ```ts
 * import { NemoVideo } from 'nemo-video';
 * import { memoryJobStore, runJobs } from 'nemo-video/jobs';
 *
 * const results = await runJobs(new NemoVideo(), [
 *   { id: 'a', script: 'Cities never sleep.', images: ['https://example.com/skyline.jpg'] },
 *   { id: 'b', script: 'The sea at dawn.', aspect: '9:16', edits: ['add lo-fi background music'] },
 * ], { store: memoryJobStore(), onUpdate: (u) => console.log(u.jobId, u.message) });
 * for (const r of results) console.log(r.id, r.status, r.url ?? r.remedy?.message);
 * ```
 *
 * @module
 */
export { runVideoJob } from './video-job.js';
export { runJobs } from './run-jobs.js';
export { memoryJobStore, type JobStore, type ListableJobStore } from './job-store.js';
export type { VideoJobSpec, JobImage, JobAspect, JobSpecSummary } from './job-spec.js';
export { jobMessages } from './job-spec.js';
export type { VideoJobOptions, RunJobsOptions, JobTimings } from './job-options.js';
export type { JobFiles } from './job-files.js';
export { JOB_RECORD_VERSION, type JobRecord, type JobStatus, type Checkpoint, type AttentionReason, type JobError } from './job-record.js';
export { recordResult, type JobResult, type RecordResult } from './job-result.js';
export type { JobUpdate } from './job-updates.js';
