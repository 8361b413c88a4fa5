/** The rules of a whole run: out of credits, rate limits, the errors that fail one job alone, concurrency. */
import { describe, expect, test } from 'vitest';
import { memoryJobStore, runJobs, type JobUpdate, type VideoJobSpec } from '../../../src/jobs/index.js';
import { FAST, jobsSetup } from '../helpers/jobs.js';
import { rejectionOf } from '../helpers/outcome.js';

const specs = (n: number, more: Partial<VideoJobSpec> = {}): VideoJobSpec[] =>
  Array.from({ length: n }, (_, i) => ({ id: `job-${i + 1}`, script: `Take ${i + 1}. The sea at dawn.`, ...more }));
/** The emulator's prices: a generation 100 credits, an edit 50. */
const GENERATE = 100;

describe('out of credits (2001)', () => {
  test('stops starting new jobs: the one refused fails, the rest are not_started with the remedy; a rerun after a top-up finishes them, sending nothing twice', async () => {
    const setup = jobsSetup();
    const { token, userId } = setup.emulator.createUser({ credits: GENERATE, anonymous: false });
    const nv = setup.client({ token });
    const store = memoryJobStore();
    const results = await runJobs(nv, specs(4), { store, concurrency: 1, timings: FAST });

    expect(results.map((r) => r.status)).toEqual(['done', 'failed', 'not_started', 'not_started']);
    expect(results[1]).toMatchObject({ error: { code: 2001 }, remedy: { kind: 'no_credits', links: [{ label: 'Top up' }] } });
    for (const r of results.slice(2)) {
      expect(r).toMatchObject({ sessionId: undefined, error: { code: 2001 }, remedy: { kind: 'no_credits', message: expect.stringMatching(/^Not started: You are out of credits/) } });
    }
    // the jobs not started made nothing, and left no record
    expect(setup.sessions()).toHaveLength(2);
    expect(await store.list()).toEqual(['job-1', 'job-2']);
    // the refused message never ran, so it is not pending: the record shows it unsent
    expect((await store.get('job-2'))!.messages).toEqual([]);

    setup.emulator.setCredits(userId, 10_000);
    const again = await runJobs(nv, specs(4), { store, concurrency: 1, timings: FAST });
    expect(again.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(again[0]).toEqual(results[0]);
    expect(again[1]!.sessionId).toBe(results[1]!.sessionId); // resumed in its session
    expect(setup.sessions()).toHaveLength(4);
    for (const r of again) expect(setup.chats(r.sessionId!)).toEqual([`generate a video from this script: Take ${r.id.slice(4)}. The sea at dawn.`]);
  });

  test('jobs already running go on; a job whose record is done or needs a person is reported as it is, not as not_started', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const nv = setup.client();
    await runJobs(nv, specs(1), { store, timings: FAST }); // job-1 done in an earlier run
    setup.emulator.faults.inject({ kind: 'no-credits', path: '/run_sse' }); // the first message of this run
    const results = await runJobs(nv, specs(4), { store, concurrency: 2, timings: FAST });
    // job-1 is done; job-2 got the 2001; job-3 had started beside it and finishes; job-4 is not started
    expect(results.map((r) => r.status)).toEqual(['done', 'failed', 'done', 'not_started']);
  });
});

describe('rate limits (429)', () => {
  test('a 429 the client surfaces pauses every job of the run, not only the one that got it; that one tries again', async () => {
    const setup = jobsSetup();
    const nv = setup.client({ retryRateLimit: false });
    const pause = 250;
    const paused: number[] = [];
    const onUpdate = (u: JobUpdate) => void (u.type === 'paused' && paused.push(performance.now()));
    // Three jobs, two at a time; the 429 comes on the second chat of the run, while the other job works.
    setup.emulator.faults.inject({ kind: 'rate-limit', path: '/run_sse' });
    const edits = ['add lo-fi background music', 'change the title to "Dawn"', 'make it 8 seconds'];
    const results = await runJobs(nv, specs(3, { edits }), { store: memoryJobStore(), concurrency: 2, timings: { ...FAST, rateLimitPause: pause }, onUpdate });

    expect(results.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    expect(paused).toHaveLength(1);
    const limited = setup.sent.find((s) => s.status === 429)!;
    // Requests already on their way when the pause began may still arrive; after that, none from any job until it ends.
    const grace = 30;
    const during = setup.sent.filter((s) => s.at > paused[0]! + grace && s.at < paused[0]! + pause - 5);
    expect(during).toEqual([]);
    // the refused message was sent once more, after the pause, and ran once
    const again = setup.sent.filter((s) => s.path === '/run_sse' && s.detail === limited.detail && s.sessionId === limited.sessionId && s.status === 200);
    expect(again).toHaveLength(1);
    expect(again[0]!.at).toBeGreaterThanOrEqual(paused[0]! + pause - 5);
    // and the other job, busy when the 429 came, went on only after the pause
    const others = setup.sent.filter((s) => s.sessionId !== limited.sessionId && s.at > paused[0]!);
    expect(others.length).toBeGreaterThan(0);
  });

  test('a 429 that keeps coming fails that job after rateLimitRetries, with the rate_limited remedy; the message is left unsent', async () => {
    const setup = jobsSetup();
    const nv = setup.client({ retryRateLimit: false });
    const store = memoryJobStore();
    setup.emulator.faults.inject({ kind: 'rate-limit', path: '/run_sse', retryAfter: 0, times: 3 });
    const [result] = await runJobs(nv, specs(1), { store, timings: { ...FAST, rateLimitPause: 5 }, rateLimitRetries: 2 });
    expect(result).toMatchObject({ status: 'failed', error: { status: 429 }, remedy: { kind: 'rate_limited' } });
    expect(setup.sent.filter((s) => s.path === '/run_sse').map((s) => s.status)).toEqual([429, 429, 429]);
    expect((await store.get('job-1'))!.messages).toEqual([]);
  });

  test('without rateLimitPause, the run pauses for the Retry-After the service sent', async () => {
    const setup = jobsSetup();
    const nv = setup.client({ retryRateLimit: false });
    const paused: number[] = [];
    setup.emulator.faults.inject({ kind: 'rate-limit', path: '/api/tasks/', retryAfter: 1 });
    const { rateLimitPause: _, ...timings } = FAST;
    await runJobs(nv, specs(1), { store: memoryJobStore(), timings, onUpdate: (u) => void (u.type === 'paused' && paused.push(u.ms)) });
    expect(paused).toEqual([1000]);
  });
});

describe('errors that fail one job alone', () => {
  test('402 (the plan blocks exports), 4001 (file type) and 4002 (file size): that job fails with its remedy, the others are done', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    setup.emulator.faults.inject({ kind: 'export-blocked' }); // the run's first render
    const nv = setup.client({
      // the service refusing one upload as too large
      wrap: async (request, next) =>
        request.url.includes('/api/upload-video/') && (await request.clone().text()).includes('huge.png')
          ? Response.json({ code: 4002, message: '"huge.png" is larger than 200 MB.', data: null }, { status: 413 })
          : next(request),
    });
    const jobs: VideoJobSpec[] = [
      { id: 'blocked', script: 'One.' },
      { id: 'notes', script: 'Two.', images: ['https://example.com/notes.txt'] },
      { id: 'huge', script: 'Three.', images: [{ file: new Uint8Array([1, 2, 3]), filename: 'huge.png' }] },
      { id: 'fine', script: 'Four.', images: ['https://example.com/fine.png'] },
    ];
    const results = await runJobs(nv, jobs, { store, concurrency: 1, timings: FAST });
    expect(results.map((r) => [r.id, r.status, r.remedy?.kind, r.error?.code])).toEqual([
      ['blocked', 'failed', 'plan', 402],
      ['notes', 'failed', 'unsupported_file', 4001],
      ['huge', 'failed', 'file_too_large', 4002],
      ['fine', 'done', undefined, undefined],
    ]);
    // nothing stopped the run: no job is not_started
    expect(results.every((r) => r.sessionId)).toBe(true);
  });
});

describe('the run', () => {
  test('at most `concurrency` jobs at once; one result per job, in the order given', async () => {
    const setup = jobsSetup();
    let running = 0;
    let most = 0;
    const onUpdate = (u: JobUpdate) => {
      if (u.type !== 'checkpoint') return;
      if (u.checkpoint === 'session:creating') most = Math.max(most, ++running);
      if (u.checkpoint === 'done') running -= 1;
    };
    const results = await runJobs(setup.client(), specs(5), { store: memoryJobStore(), concurrency: 2, timings: FAST, onUpdate });
    expect(results.map((r) => [r.id, r.status])).toEqual(specs(5).map((s) => [s.id, 'done']));
    expect(most).toBe(2);
  });

  test('the result of each job: status, session id, render id, URL or file, error and remedy', async () => {
    const setup = jobsSetup();
    const [result] = await runJobs(setup.client(), specs(1), { store: memoryJobStore(), timings: FAST });
    expect(Object.keys(result!).sort()).toEqual(['attention', 'checkpoint', 'error', 'file', 'id', 'remedy', 'renderId', 'sessionId', 'status', 'url']);
  });

  test('an abort stops every job; a rerun finishes them, nothing twice', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const controller = new AbortController();
    const onUpdate = (u: JobUpdate) => void (u.type === 'checkpoint' && u.checkpoint === 'message:0:sending' && controller.abort(new Error('stop')));
    expect((await rejectionOf(runJobs(setup.client(), specs(3), { store, concurrency: 3, timings: FAST, signal: controller.signal, onUpdate }))).message).toBe('stop');
    const results = await runJobs(setup.client(), specs(3), { store, concurrency: 3, timings: FAST });
    for (const r of results) {
      expect(setup.chats(r.sessionId!).length).toBeLessThanOrEqual(1);
      expect(setup.renders(r.sessionId!).length).toBeLessThanOrEqual(1);
    }
    expect(setup.sessions()).toHaveLength(3);
  });

  test('specs are checked before anything is sent: a repeated id, or a bad spec, is refused', async () => {
    const setup = jobsSetup();
    await expect(runJobs(setup.client(), [...specs(2), ...specs(1)], { store: memoryJobStore() })).rejects.toThrow('given twice');
    await expect(runJobs(setup.client(), [...specs(2), { id: 'x', script: '' }], { store: memoryJobStore() })).rejects.toThrow('script');
    expect(setup.sent).toEqual([]);
  });
});
