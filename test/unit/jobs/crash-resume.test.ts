/**
 * Crash and resume at every step. A crash is the process dying at one of two moments: right after a
 * checkpoint has landed in the store (before the step it announces acts), or while a request is out, after
 * the service acted but before the job saw the answer. Each test then runs the job again with a fresh client
 * and the same store, and checks on the emulator that nothing was done twice: one session, each upload once,
 * each message once, one render whose id is in the store.
 */
import { describe, expect, test } from 'vitest';
import { memoryJobStore, runJobs, runVideoJob, type JobRecord, type JobUpdate, type VideoJobSpec } from '../../../src/jobs/index.js';
import { Crash, crashingStore, FAST, fakeImage, jobsSetup, type JobsSetup } from '../helpers/jobs.js';
import { rejectionOf } from '../helpers/outcome.js';

const SCRIPT = 'Cities never sleep. Lights flicker across the skyline.';
const spec = (): VideoJobSpec => ({
  id: 'teaser',
  script: SCRIPT,
  images: ['https://example.com/skyline.jpg', fakeImage('street.jpg')],
  aspect: '9:16',
  edits: ['add lo-fi background music', 'change the title to "Night shift"'],
});
const MESSAGES = [
  `generate a video in 9:16, using the 2 uploaded images, from this script: ${SCRIPT}`,
  'add lo-fi background music',
  'change the title to "Night shift"',
];

/** The checkpoints of an uninterrupted run of `spec()`, in order. */
async function checkpointsOfAWholeRun(): Promise<string[]> {
  const updates: JobUpdate[] = [];
  await runVideoJob(jobsSetup().client(), spec(), { store: memoryJobStore(), timings: FAST, onUpdate: (u) => updates.push(u) });
  return updates.flatMap((u) => (u.type === 'checkpoint' ? [u.checkpoint] : []));
}
const CHECKPOINTS = await checkpointsOfAWholeRun();

/** The requests of a whole run up to the render's first status check: the same in every run. */
async function requestsOfAWholeRun() {
  const setup = jobsSetup();
  await runVideoJob(setup.client(), spec(), { store: memoryJobStore(), timings: FAST });
  const submit = setup.sent.findIndex((s) => s.path === '/api/render/proxy/lambda' && s.method === 'POST');
  return setup.sent.slice(0, submit + 2).map((s) => `${s.method} ${s.path.replace(/render_\w+/, '<id>').replace(/\/\d{6,}(?=\/|$)/, '/<sid>')}`);
}
const REQUESTS = await requestsOfAWholeRun();

const specs = (): VideoJobSpec[] =>
  ['a', 'b', 'c'].map((id) => ({ id, script: `Take ${id}. The sea at dawn.`, images: [fakeImage(`${id}.png`)], edits: ['add jazz background music'] }));

async function writesOfAWholeRun(): Promise<number> {
  let writes = 0;
  await runJobs(jobsSetup().client(), specs(), { store: memoryJobStore(), timings: FAST, onUpdate: (u) => void (u.type === 'checkpoint' && writes++) });
  return writes;
}
const WRITES = await writesOfAWholeRun();

/** Every session holds what one whole run makes, once; the render submitted is the one the record names. */
function expectEachThingOnce(setup: JobsSetup, record: JobRecord, { sessions = 1 } = {}) {
  expect(setup.sessions()).toHaveLength(sessions);
  expect(setup.sessions().at(-1)).toBe(record.sessionId);
  const sessionId = record.sessionId!;
  expect(setup.uploads(sessionId)).toHaveLength(2);
  expect(setup.chats(sessionId)).toEqual(MESSAGES);
  expect(setup.renders(sessionId)).toEqual([record.render!.id]);
  // a session left behind by a crash holds nothing
  for (const orphan of setup.sessions().slice(0, -1)) expect(setup.sent.filter((s) => s.sessionId === orphan && s.method === 'POST' && !s.path.startsWith('/api/tasks/'))).toEqual([]);
}

describe('a crash right after each checkpoint lands, then a rerun', () => {
  test('the whole run writes the checkpoints this matrix crashes at', () => {
    expect(CHECKPOINTS).toEqual([
      'session:creating', 'session:created',
      'upload:0:sending', 'upload:0:sent', 'upload:1:sending', 'upload:1:sent',
      ...[0, 1, 2].flatMap((i) => [`message:${i}:sending`, `message:${i}:sent`, `message:${i}:confirmed`]),
      'render:submitting', 'render:submitted', 'render:completed',
      'done',
    ]);
  });

  test.each(CHECKPOINTS.map((checkpoint, i) => [i + 1, checkpoint]))('after write %i (%s)', async (write, checkpoint) => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const crashed = await rejectionOf(runVideoJob(setup.client(), spec(), { store: crashingStore(store, write), timings: FAST }));
    expect(crashed).toBeInstanceOf(Crash);
    expect((await store.get('teaser'))!.checkpoint).toBe(checkpoint);

    const result = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    const record = (await store.get('teaser'))!;
    const sending = /^message:(\d):sending$/.exec(checkpoint);
    if (sending) {
      // The job died after recording "about to send" and before sending: it cannot know the message never
      // went, so it confirms by state, finds no change, and asks a person. It never sends it.
      const i = Number(sending[1]);
      expect(result).toMatchObject({ status: 'needs_attention', attention: { reason: 'unconfirmed_message' }, remedy: { kind: 'no_change', mayStillRun: true } });
      expect(setup.chats(record.sessionId!)).toEqual(MESSAGES.slice(0, i));
      expect(setup.renders(record.sessionId!)).toEqual([]);
      expect(record).toMatchObject({ status: 'needs_attention', checkpoint });
      return;
    }
    expect(result).toMatchObject({ status: 'done', url: record.render!.url, renderId: record.render!.id });
    expectEachThingOnce(setup, record);
  });
});

describe('a crash while a request is out (the service acted, the job never saw the answer), then a rerun', () => {
  test('the whole run makes the requests this matrix kills in', () => {
    expect(REQUESTS).toEqual([
      'POST /api/tasks/me/with-session/nemo_agent',
      ...['0', '1'].flatMap(() => ['GET /api/state/nemo_agent/me/<sid>/latest', 'POST /api/upload-video/nemo_agent/me/<sid>']),
      // each message: the state before it, the message, the state that confirms it
      ...[0, 1, 2].flatMap(() => ['GET /api/state/nemo_agent/me/<sid>/latest', 'POST /run_sse', 'GET /api/state/nemo_agent/me/<sid>/latest']),
      'GET /api/state/nemo_agent/me/<sid>/latest',
      'POST /api/render/proxy/lambda',
      'GET /api/render/proxy/lambda/<id>',
    ]);
  });

  test.each(REQUESTS.map((request, i) => [i + 1, request]))('killed in request %i (%s)', async (n, request) => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const controller = new AbortController();
    const crash = new Crash(`killed in request ${n}`);
    let count = 0;
    const dying = setup.client({
      wrap: async (req, next) => {
        if (controller.signal.aborted) throw crash; // the process is gone: nothing more leaves it
        const response = await next(req);
        if (++count !== n) return response;
        await response.body?.cancel(); // the connection dies with the process; the service goes on
        controller.abort(crash);
        throw crash;
      },
    });
    expect(await rejectionOf(runVideoJob(dying, spec(), { store, timings: FAST, signal: controller.signal }))).toBe(crash);

    const result = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    const record = (await store.get('teaser'))!;
    expect(result).toMatchObject({ status: 'done', renderId: record.render!.id });
    // A session whose answer was lost cannot be found again: the rerun makes another, and the lost one stays empty.
    expectEachThingOnce(setup, record, { sessions: request.includes('/api/tasks/') ? 2 : 1 });
  });
});

describe('runJobs: a crash at each write of a run of three jobs, two at a time, then a rerun', () => {
  test.each(Array.from({ length: WRITES }, (_, i) => i + 1))('after write %i', async (write) => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    expect(await rejectionOf(runJobs(setup.client(), specs(), { store: crashingStore(store, write), timings: FAST }))).toBeInstanceOf(Crash);

    const results = await runJobs(setup.client(), specs(), { store, timings: FAST });
    for (const result of results) {
      const record = (await store.get(result.id))!;
      if (result.status === 'needs_attention') {
        // only a job that died between "about to send" and the send itself, and it sent nothing twice
        expect(result.attention!.reason).toBe('unconfirmed_message');
        expect(setup.chats(record.sessionId!).filter((text, i, all) => all.indexOf(text) !== i)).toEqual([]);
        continue;
      }
      expect(result.status).toBe('done');
      expect(setup.uploads(record.sessionId!)).toHaveLength(1);
      expect(setup.chats(record.sessionId!)).toEqual([`generate a video, using the uploaded image, from this script: Take ${result.id}. The sea at dawn.`, 'add jazz background music']);
      expect(setup.renders(record.sessionId!)).toEqual([record.render!.id]);
    }
    // one session per job, and every render submitted is one a record names
    expect(new Set(setup.sessions()).size).toBe(results.filter((r) => r.sessionId).length);
    const named = new Set((await Promise.all(results.map((r) => store.get(r.id)))).map((r) => r?.render?.id));
    expect(setup.sent.filter((s) => s.path === '/api/render/proxy/lambda' && s.method === 'POST').every((s) => named.has(s.detail))).toBe(true);
  });
});
