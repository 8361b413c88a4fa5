/**
 * examples/bullmq on a real Redis (a redis-server of the test's own, see helpers/redis-server.ts) against the
 * emulator over HTTP: eight videos queued with enqueue.mjs, two workers (worker.mjs), one of them killed with
 * SIGKILL while it holds a job mid-render. BullMQ's stalled check hands that job to the other worker, which
 * resumes it from the record kept in the job's own data. The emulator's log then shows each job's messages
 * sent once, one session per job, and every render known to its job and finished. Also: a bad manifest is
 * refused line by line, a worker that lost a job's lock cannot write its record, and a job out of credits
 * fails for good, then resumes in its own session once topped up and put back.
 *
 * Needs redis-server (`.ci/run` installs it; without it the test fails, saying so), the built package, and
 * the example's dependencies (the root `npm ci`: it is an npm workspace).
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NemoVideo } from '../../src/index.js';
import { jobMessages, type JobRecord, type JobStore, type VideoJobSpec } from '../../src/jobs/index.js';
import { makeHome, startNode, type CliProcess } from './helpers/cli.js';
import { startLoggedEmulator, type LoggedEmulator } from './helpers/logged-emulator.js';
import { startRedis, type RunningRedis } from './helpers/redis-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/bullmq');

// Half with an edit (two messages), half with a shape and a length (one message).
const SPECS: VideoJobSpec[] = Array.from({ length: 8 }, (_, i) => ({
  id: `video-${i + 1}`,
  script: `Shop window ${i + 1}. A lamp glows. Rain on the glass.`,
  ...(i % 2 ? { edits: ['add lo-fi background music'] } : { aspect: '9:16' as const, seconds: 8 }),
}));

let redis: RunningRedis;
let api: LoggedEmulator;
let home: string;
let token: string;
const workers: CliProcess[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/jobs.js'))) throw new Error('The BullMQ example imports the built package: run `npm run build` first.');
  redis = await startRedis();
  // Renders take 1.5 s: long enough to kill a worker while it waits on one.
  api = await startLoggedEmulator({ renderMs: 1_500, credits: 100_000, silentEditRate: 0 });
  token = api.emulator.createUser({ credits: 100_000, anonymous: false }).token;
  home = await makeHome('nemo-bullmq-');
});

afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.done.catch(() => undefined)));
  await api?.close();
  await redis?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

/** Runs one of the example's scripts in the test's home, on the test's Redis and emulator. */
function run(script: string, args: string[] = [], env: Record<string, string> = {}): CliProcess {
  return startNode(join(EXAMPLE, script), args, { home, env: { REDIS_URL: redis.url, NEMO_BASE_URL: api.url, NEMO_TOKEN: token, ...env } });
}

/** A worker with a short lock and a frequent stalled check, so a dead worker's job moves on in seconds. */
function startWorker(concurrency: number, env: Record<string, string> = {}): CliProcess {
  const worker = run('worker.mjs', [], { CONCURRENCY: String(concurrency), LOCK_DURATION_MS: '3000', STALLED_INTERVAL_MS: '1000', NEMO_POLL_INTERVAL_MS: '100', ...env });
  workers.push(worker);
  return worker;
}

const firstWord = (line: string) => line.split(' ')[0]!;

describe('examples/bullmq on Redis', () => {
  it('enqueue.mjs checks every line first: bad lines reported by number, nothing queued', async () => {
    const lines = [JSON.stringify(SPECS[0]), 'not json', JSON.stringify({ id: '42', script: 'A.' }), JSON.stringify({ id: 'video-1', script: 'B.' }), JSON.stringify({ id: 'x' })];
    await writeFile(join(home, 'bad.jsonl'), lines.join('\n'));
    const refused = await run('enqueue.mjs', ['bad.jsonl'], { NEMO_QUEUE: 'bad-manifest' }).done;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^bad\.jsonl: 4 bad lines, nothing queued:$/m);
    expect(refused.stderr).toMatch(/^ {2}line 2: not JSON/m);
    expect(refused.stderr).toMatch(/^ {2}line 3: id "42" is a whole number, which BullMQ refuses as a job id: write it "video-42"$/m);
    expect(refused.stderr).toMatch(/^ {2}line 4: id "video-1" is already used on line 1$/m);
    expect(refused.stderr).toMatch(/^ {2}line 5: script must be a non-empty string$/m);
    const listed = await run('results.mjs', [], { NEMO_QUEUE: 'bad-manifest' }).done;
    expect(listed).toMatchObject({ code: 0, stdout: '' });
  });

  it('a worker that lost its job cannot write its record: the store writes only under the lock it holds', async () => {
    const { jobDataStore } = (await import(pathToFileURL(join(EXAMPLE, 'job-data-store.mjs')).href)) as {
      jobDataStore(job: unknown, token: string, lockDuration: number): JobStore;
    };
    const redisClient = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('lock-test', { connection: redisClient });
    const worker = new Worker('lock-test', null, { connection: redisClient, autorun: false, lockDuration: 60_000 });
    try {
      await queue.add('video', { spec: SPECS[0] }, { jobId: SPECS[0]!.id });
      const job = await worker.getNextJob('token-of-a');
      const store = jobDataStore(job, 'token-of-a', 60_000);
      const record = (checkpoint: string) => ({ id: SPECS[0]!.id, checkpoint }) as unknown as JobRecord;
      await store.set(SPECS[0]!.id, record('session:creating'));
      expect((await queue.getJob(SPECS[0]!.id))!.data.record.checkpoint).toBe('session:creating');

      // Another worker now holds the job (A's lock expired; the stalled check moved it; B took it).
      await redisClient.set(`${queue.toKey(job.id!)}:lock`, 'token-of-b');
      await expect(store.set(SPECS[0]!.id, record('session:created'))).rejects.toThrow(/no longer holds the queue's lock/);
      expect((await queue.getJob(SPECS[0]!.id))!.data.record.checkpoint).toBe('session:creating');
      expect(() => store.get('video-2')).toThrow(/holds job "video-1" only/);
    } finally {
      await worker.close();
      await queue.close();
      redisClient.disconnect();
    }
  });

  it('two workers, eight jobs, one worker killed with SIGKILL mid-render: every job finishes; each message sent once, one session and one render per job', async () => {
    const started = Date.now();
    await writeFile(join(home, 'jobs.jsonl'), SPECS.map((s) => JSON.stringify(s)).join('\n') + '\n');
    const enqueued = await run('enqueue.mjs', ['jobs.jsonl']).done;
    expect(enqueued.code, enqueued.stderr).toBe(0);
    expect(enqueued.stdout).toContain(`8 of 8 queued on "nemo-video" at ${redis.url}`);

    // B first; then A, which makes one video at a time, and is killed the moment its first render is
    // submitted (1.5 s before it can finish): it holds exactly one job, the one rendering.
    const b = startWorker(2);
    await b.waitForStdout(/^ready: /);
    const a = startWorker(1);
    const victim = firstWord(await a.waitForStdout(/^\S+ checkpoint render:submitted: /));
    a.child.kill('SIGKILL');
    const killed = await a.done;
    const killedAt = Date.now();
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout, killed.stdout).not.toContain(`${victim} checkpoint render:completed`);
    expect(killed.stdout.match(/^\S+ start: /gm), killed.stdout).toEqual([`${victim} start: `]);
    const madeByA = /Session (\d+)\./.exec(killed.stdout.split('\n').find((l) => l.startsWith(`${victim} checkpoint session:created`))!)![1];

    // B's stalled check moves the job back once A's lock has expired, and B resumes it from its record.
    await b.waitForStdout(new RegExp(`^${victim} stalled: `));
    await b.waitForStdout(new RegExp(`^${victim} start: resuming at render:submitted$`));
    const takenOverIn = Date.now() - killedAt;
    const doneByA = SPECS.map((s) => s.id).filter((id) => killed.stdout.includes(`\n${id} result done: `));
    for (const { id } of SPECS) if (!doneByA.includes(id)) await b.waitForStdout(new RegExp(`^${id} result done: `));

    const results = await run('results.mjs').done;
    expect(results.code, results.stderr).toBe(0);
    const lines = results.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(SPECS.map((s) => s.id).sort());
    for (const line of lines) expect(line).toMatchObject({ state: 'completed', status: 'done', url: expect.stringContaining(`/files/${line.renderId}.mp4`) });
    // The job taken over went on in the session A made for it.
    expect(lines.find((l) => l.id === victim).sessionId).toBe(madeByA);

    // The emulator's log: one session per job, each job's messages once, one render per job, all known and done.
    const sessions = api.sessions();
    expect(sessions).toHaveLength(8);
    expect(new Set(sessions)).toEqual(new Set(lines.map((l) => l.sessionId)));
    for (const spec of SPECS) {
      const { sessionId, renderId } = lines.find((l) => l.id === spec.id);
      expect(api.chats(sessionId), spec.id).toEqual(jobMessages(spec));
      expect(api.renders(sessionId), spec.id).toEqual([renderId]);
    }
    const renders = api.renders();
    expect(renders).toHaveLength(8);
    const nv = new NemoVideo({ baseURL: api.url, token, maxRetries: 0 });
    for (const id of renders) expect((await nv.renders.retrieve(id)).status, id).toBe('completed');

    // Queued again: every job is there already, and left as it is.
    const again = await run('enqueue.mjs', ['jobs.jsonl']).done;
    expect(again.stdout).toContain('video-1 already queued (completed), left as it is');
    expect(again.stdout).toContain('0 of 8 queued');

    // B stops cleanly on SIGTERM; nothing any script printed carries the token.
    b.child.kill('SIGTERM');
    const stopped = await b.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    for (const out of [enqueued, killed, stopped, results]) expect(out.stdout + out.stderr).not.toContain(token);

    const messages = SPECS.reduce((n, s) => n + jobMessages(s).length, 0);
    const chats = api.log.filter((r) => r.path === '/run_sse' && r.status === 200).length;
    console.log(
      `examples/bullmq: ${lines.length} jobs done; ${sessions.length} sessions, ${chats} messages sent for ${messages} in the specs, ${renders.length} renders (all completed); ` +
        `${victim} killed mid-render on worker A, resumed by worker B ${takenOverIn} ms later; ${Date.now() - started} ms in all`,
    );
  });

  it('out of credits: the job fails for good with the remedy; topped up and put back, it resumes in its own session', async () => {
    const poor = api.emulator.createUser({ credits: 0, anonymous: false });
    const env = { NEMO_QUEUE: 'poor', NEMO_TOKEN: poor.token };
    const spec = SPECS[1]!; // a script and an edit
    await writeFile(join(home, 'poor.jsonl'), `${JSON.stringify(spec)}\n`);
    expect((await run('enqueue.mjs', ['poor.jsonl'], env).done).code).toBe(0);
    const worker = startWorker(1, env);
    // Not retried: another attempt would meet the same 2001.
    await worker.waitForStdout(new RegExp(`^${spec.id} failed \\(attempt 1 of 3\\): You are out of credits`));
    const failed = await run('results.mjs', [], env).done;
    expect(failed.code).toBe(3);
    const line = JSON.parse(failed.stdout);
    expect(line).toMatchObject({ id: spec.id, state: 'failed', status: 'failed', checkpoint: 'message:0:sending', error: { message: expect.stringMatching(/out of credits/) } });

    // Topped up, then put back as docs/pipelines.md says: it goes on in the session it made, nothing twice.
    api.emulator.setCredits(poor.userId, 100_000);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('poor', { connection });
    try {
      await queue.retryJobs({ state: 'failed' });
    } finally {
      await queue.close();
      connection.disconnect();
    }
    await worker.waitForStdout(new RegExp(`^${spec.id} start: resuming at message:0:sending$`));
    await worker.waitForStdout(new RegExp(`^${spec.id} result done: `));
    const done = await run('results.mjs', [], env).done;
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ id: spec.id, status: 'done', sessionId: line.sessionId });
    expect(api.sessions().filter((id) => id === line.sessionId)).toHaveLength(1);
    expect(api.chats(line.sessionId)).toEqual(jobMessages(spec));
    expect(api.renders(line.sessionId)).toHaveLength(1);
    worker.child.kill('SIGTERM');
    expect((await worker.done).code).toBe(0);
  });

  it('a 429 the client does not wait out: the worker prints the job\'s pause, and the job goes on, each message once', async () => {
    const env = { NEMO_QUEUE: 'busy' };
    const spec = SPECS[2]!;
    await writeFile(join(home, 'busy.jsonl'), `${JSON.stringify(spec)}\n`);
    expect((await run('enqueue.mjs', ['busy.jsonl'], env).done).code).toBe(0);
    // Two in a row: the client waits out the first by itself, the job's rules the second.
    api.emulator.faults.inject({ kind: 'rate-limit', times: 2, retryAfter: 1, path: '/run_sse' });
    const worker = startWorker(1, env);
    await worker.waitForStdout(new RegExp(`^${spec.id} paused: Rate limited: .* 1 s\\.$`));
    await worker.waitForStdout(new RegExp(`^${spec.id} result done: `));
    const done = JSON.parse((await run('results.mjs', [], env).done).stdout);
    expect(api.chats(done.sessionId)).toEqual(jobMessages(spec));
    worker.child.kill('SIGTERM');
    expect((await worker.done).code).toBe(0);
  });

  it('worker.mjs refuses to start without NEMO_TOKEN, or with a CONCURRENCY that is not a whole number', async () => {
    const noToken = await run('worker.mjs', [], { NEMO_TOKEN: '' }).done;
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/^Set NEMO_TOKEN, the same on every worker: a job taken over by another worker goes on in the session the first one made\.$/m);
    const badConcurrency = await run('worker.mjs', [], { CONCURRENCY: 'many' }).done;
    expect(badConcurrency.code).toBe(2);
    expect(badConcurrency.stderr).toMatch(/^CONCURRENCY must be a whole number above 0, got "many"\.$/m);
  });

  it('a spec runVideoJob refuses (an unknown aspect): failed for good at once, with the reason, nothing sent', async () => {
    const env = { NEMO_QUEUE: 'bad-spec' };
    await writeFile(join(home, 'bad-spec.jsonl'), `${JSON.stringify({ id: 'square-ish', script: 'A box.', aspect: '4:3' })}\n`);
    expect((await run('enqueue.mjs', ['bad-spec.jsonl'], env).done).code).toBe(0);
    const since = api.log.length;
    const worker = startWorker(1, env);
    await worker.waitForStdout(/^square-ish failed \(attempt 1 of 3\): Job "square-ish": aspect must be one of 16:9, 9:16, 1:1, got "4:3"\.$/);
    const listed = await run('results.mjs', [], env).done;
    expect(listed.code).toBe(3);
    expect(JSON.parse(listed.stdout)).toMatchObject({ id: 'square-ish', state: 'failed', status: 'failed' });
    expect(api.log.slice(since)).toEqual([]);
    worker.child.kill('SIGTERM');
    expect((await worker.done).code).toBe(0);
  });
});
