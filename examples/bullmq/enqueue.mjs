#!/usr/bin/env node
// Puts the videos of a manifest on the queue: `node enqueue.mjs jobs.jsonl`. One JSON spec a line (the
// VideoJobSpec of nemo-video/jobs: id, script, images?, aspect?, seconds?, edits?, out?). Every line is checked
// first; a bad line is reported with its number and nothing is queued. Each video is queued under its own
// id, so running this again queues only the ones not there yet (BullMQ keeps one job per id).
//
// Exit codes: 0 queued (or already there), 1 Redis or the file could not be read, 2 a bad manifest.
import { readFile } from 'node:fs/promises';
import { Queue } from 'bullmq';
import { QUEUE, redisAddress, redisConnection } from './connection.mjs';

// The spec's id rule, minus what BullMQ refuses as a job id (a whole number).
const ID = /^(?!\.+$)[\w.-]{1,128}$/;

/** The specs of a manifest, or the reasons its lines are bad, each with its line number. */
function readManifest(text) {
  const specs = [];
  const problems = [];
  const seen = new Map();
  text.split('\n').forEach((line, index) => {
    const n = index + 1;
    if (!line.trim()) return;
    let spec;
    try {
      spec = JSON.parse(line);
    } catch (error) {
      return problems.push(`line ${n}: not JSON (${error.message})`);
    }
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return problems.push(`line ${n}: a spec must be a JSON object`);
    if (typeof spec.id !== 'string' || !ID.test(spec.id)) return problems.push(`line ${n}: id must be letters, digits, _ . - (up to 128), got ${JSON.stringify(spec.id)}`);
    if (/^\d+$/.test(spec.id)) return problems.push(`line ${n}: id "${spec.id}" is a whole number, which BullMQ refuses as a job id: write it "video-${spec.id}"`);
    if (typeof spec.script !== 'string' || !spec.script.trim()) return problems.push(`line ${n}: script must be a non-empty string`);
    if (seen.has(spec.id)) return problems.push(`line ${n}: id "${spec.id}" is already used on line ${seen.get(spec.id)}`);
    seen.set(spec.id, n);
    specs.push(spec);
  });
  return { specs, problems };
}

const file = process.argv[2];
if (!file) {
  console.error('Usage: node enqueue.mjs <jobs.jsonl>   (REDIS_URL, default redis://127.0.0.1:6379)');
  process.exit(2);
}
let text;
try {
  text = await readFile(file, 'utf8');
} catch (error) {
  console.error(`Could not read ${file}: ${error.message}`);
  process.exit(1);
}
const { specs, problems } = readManifest(text);
if (problems.length) {
  console.error(`${file}: ${problems.length} bad line${problems.length === 1 ? '' : 's'}, nothing queued:\n  ${problems.join('\n  ')}`);
  process.exit(2);
}

const connection = redisConnection();
const queue = new Queue(QUEUE, { connection });
// Its failures reach the awaited calls below; unheard, BullMQ would print each reconnection attempt too.
queue.on('error', () => {});
try {
  let added = 0;
  for (const spec of specs) {
    const existing = await queue.getJob(spec.id);
    if (existing) {
      console.log(`${spec.id} already queued (${await existing.getState()}), left as it is`);
      continue;
    }
    // attempts: a job that failed for a reason that may pass (the network, a 5xx, a 429, a failed render) is
    // run again after a backoff, and resumes from its record. The worker fails the others for good.
    await queue.add('video', { spec }, { jobId: spec.id, attempts: 3, backoff: { type: 'exponential', delay: 30_000 } });
    console.log(`${spec.id} queued`);
    added++;
  }
  console.log(`${added} of ${specs.length} queued on "${QUEUE}" at ${redisAddress()}`);
} catch (error) {
  console.error(`Could not queue the jobs on ${redisAddress()}: ${error.message}`);
  process.exitCode = 1;
} finally {
  // A connection given to BullMQ is the caller's to close.
  await queue.close();
  connection.disconnect();
}
