#!/usr/bin/env node
// What became of each video on the queue: `node results.mjs` prints one JSON line per job, sorted by id.
//
//   { "id", "state", "status", "sessionId", "renderId", "url", "file", "checkpoint", "error", "remedy", "attention" }
//
// `state` is BullMQ's (completed, failed, active, waiting, delayed, prioritized, waiting-children). `status`
// is the video's: a finished job's JobResult status (done, needs_attention), `failed`, or while it is on
// its way `running` (active) or `queued`. The rest comes from the job's result, or from its record
// (its last checkpoint) while it has none.
//
// Exit codes: 0 every job done, 1 Redis could not be read, 3 some job not done (yet, or at all).
import { Queue } from 'bullmq';
import { QUEUE, redisAddress, redisConnection } from './connection.mjs';

const STATES = ['completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized', 'waiting-children'];

/** A job's line: its result when it finished, else what its record says so far. */
function lineOf(job, state) {
  const { spec, record } = job.data;
  if (state === 'completed' && job.returnvalue) return { id: spec.id, state, ...job.returnvalue };
  return {
    id: spec.id,
    state,
    status: state === 'failed' ? 'failed' : state === 'active' ? 'running' : 'queued',
    sessionId: record?.sessionId,
    renderId: record?.render?.id,
    url: undefined,
    file: undefined,
    checkpoint: record?.checkpoint,
    error: job.failedReason ? { message: job.failedReason } : undefined,
  };
}

const connection = redisConnection();
const queue = new Queue(QUEUE, { connection });
// Its failures reach the awaited calls below; unheard, BullMQ would print each reconnection attempt too.
queue.on('error', () => {});
try {
  const lines = [];
  for (const state of STATES) {
    for (const job of await queue.getJobs(state, 0, -1, true)) if (job) lines.push(lineOf(job, state));
  }
  lines.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const line of lines) console.log(JSON.stringify(line));
  if (!lines.every((line) => line.status === 'done')) process.exitCode = 3;
} catch (error) {
  console.error(`Could not read the queue "${QUEUE}" at ${redisAddress()}: ${error.message}`);
  process.exitCode = 1;
} finally {
  // A connection given to BullMQ is the caller's to close.
  await queue.close();
  connection.disconnect();
}
