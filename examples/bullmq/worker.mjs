#!/usr/bin/env node
// A worker: takes videos off the queue and makes each with runVideoJob (nemo-video/jobs), its record kept
// in the queue job's own data. Run as many as you like, on as many machines: a job whose worker dies is
// moved back to the queue by another worker's stalled check once its lock expires, and whoever takes it
// next resumes it from its last checkpoint.
//
// Environment:
//   REDIS_URL               the queue's Redis (default redis://127.0.0.1:6379)
//   NEMO_TOKEN              the account's token; required, and the same on every worker (see below)
//   NEMO_BASE_URL           the API (default: the service; the emulator's URL to try it offline)
//   CONCURRENCY             videos this worker makes at once (default 2)
//   LOCK_DURATION_MS        BullMQ's lockDuration: how long a dead worker's job waits before another may
//                           take it over (default 30000)
//   STALLED_INTERVAL_MS     BullMQ's stalledInterval: how often this worker looks for such jobs (default 30000)
//   NEMO_POLL_INTERVAL_MS   between render status checks (default 30000, the service's advice)
//   NEMO_QUEUE              the queue's name (default nemo-video)
//
// It prints one line per step: `<id> start: ...`, `<id> checkpoint <step>: ...`, `<id> result <status>: ...`,
// `<id> paused: ...` (a 429), `<id> stalled: ...`. SIGTERM or Ctrl-C: it takes no new job and finishes the
// ones it holds; a second one stops it at once, and its jobs are taken over by another worker.
import { UnrecoverableError, Worker } from 'bullmq';
import { InvalidArgumentError, NemoVideo } from 'nemo-video';
import { runVideoJob } from 'nemo-video/jobs';
import { nodeJobFiles } from 'nemo-video/node';
import { QUEUE, redisAddress, redisConnection } from './connection.mjs';
import { jobDataStore } from './job-data-store.mjs';

/** A whole number from the environment, or the default; anything else stops the worker with a message. */
function fromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number above 0, got "${text}".`);
    process.exit(2);
  }
  return value;
}

// Every worker must act as the same account: a job taken over by another worker goes on in the session the
// first one made, which only that account can open. An anonymous token is one per process, so it is refused.
if (!process.env.NEMO_TOKEN) {
  console.error('Set NEMO_TOKEN, the same on every worker: a job taken over by another worker goes on in the session the first one made.');
  process.exit(2);
}

const concurrency = fromEnv('CONCURRENCY', 2);
const lockDuration = fromEnv('LOCK_DURATION_MS', 30_000);
const stalledInterval = fromEnv('STALLED_INTERVAL_MS', 30_000);
const renderInterval = fromEnv('NEMO_POLL_INTERVAL_MS', 30_000);

// One client for every job: NEMO_TOKEN and NEMO_BASE_URL from the environment.
const nv = new NemoVideo();
const print = (line) => console.log(line);

// Failures worth another attempt (BullMQ's `attempts`, set by enqueue.mjs): they may pass, and the next
// attempt resumes from the record. The others (out of credits, the plan, a file the service refuses, a bad
// spec or token, a lost session) would fail the same way again.
const MAY_PASS = new Set(['rate_limited', 'offline', 'stalled', 'render_failed', 'error']);

async function makeVideo(job, token) {
  const { spec, record } = job.data;
  print(`${spec.id} start: ${record ? `resuming at ${record.checkpoint}` : 'new'}`);
  let result;
  try {
    result = await runVideoJob(nv, spec, {
      store: jobDataStore(job, token, lockDuration),
      files: nodeJobFiles,
      timings: { renderInterval },
      onUpdate(update) {
        if (update.type === 'checkpoint') print(`${update.jobId} checkpoint ${update.checkpoint}: ${update.message}`);
        else if (update.type === 'paused') print(`${update.jobId} paused: ${update.message}`);
      },
    });
  } catch (error) {
    // A bad spec is refused before anything is sent; no attempt would go better.
    if (error instanceof InvalidArgumentError) throw new UnrecoverableError(error.message);
    throw error;
  }
  print(`${spec.id} result ${result.status}: ${result.url ?? result.remedy?.message ?? ''}`);
  if (result.status === 'failed') {
    const message = result.remedy?.message ?? result.error?.message ?? 'The job failed.';
    throw MAY_PASS.has(result.remedy?.kind) ? new Error(message) : new UnrecoverableError(message);
  }
  // done, or needs_attention (a person decides: see docs/pipelines.md): the job's JobResult.
  return result;
}

const worker = new Worker(QUEUE, makeVideo, {
  connection: redisConnection({ worker: true }),
  concurrency,
  lockDuration,
  stalledInterval,
  // A job moved back after its worker died is safe to run again (it resumes from its record), so a few
  // deaths in a row are allowed before BullMQ fails it (its default is one).
  maxStalledCount: 3,
});
worker.on('stalled', (jobId) => print(`${jobId} stalled: its worker stopped renewing its lock; back in the queue for another worker`));
worker.on('failed', (job, error) => {
  if (job) print(`${job.id} failed (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1}): ${error.message}`);
});
worker.on('error', (error) => console.error(`Worker error: ${error.message}`));

let closing = false;
const stop = async () => {
  if (closing) process.exit(130);
  closing = true;
  print('closing: no new jobs; finishing the ones held (again to stop at once: they resume on another worker)');
  await worker.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await worker.waitUntilReady();
print(`ready: queue "${QUEUE}" at ${redisAddress()}, concurrency ${concurrency}, lock ${lockDuration} ms, stall check every ${stalledInterval} ms`);
