/**
 * runJobs' `session`: jobs working in one session (Studio's shared batch runs so). They take turns there, in
 * the specs' order (every upload first, then each job's messages and render submission), each renders the
 * timeline its own messages left, and a crash at any write resumes in the same session with nothing done twice.
 */
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError } from '../../../src/index.js';
import { memoryJobStore, runJobs, type JobStore, type JobUpdate, type VideoJobSpec } from '../../../src/jobs/index.js';
import { Crash, crashingStore, FAST, fakeImage, jobsSetup } from '../helpers/jobs.js';
import { rejectionOf } from '../helpers/outcome.js';
import { tinyRenderer, type EmulatorOptions } from '../../../src/testing/index.js';

type Wrap = (request: Request, next: (r: Request) => Promise<Response>) => Promise<Response>;

const RENDER = '/api/render/proxy/lambda';
const message = (id: string) => `generate a 5-second video from this script: "Take ${id}". The sea at dawn.`;
const EDIT = 'add jazz background music';
const specs = (): VideoJobSpec[] => ['a', 'b', 'c'].map((id) => ({ id, message: message(id), images: [fakeImage(`${id}.png`)], edits: [EDIT] }));

/** A setup with one session made for the jobs, and the title of each render's timeline, by render id. */
async function sharedSetup(options: EmulatorOptions = {}, wrap: Wrap = (request, next) => next(request)) {
  const setup = jobsSetup({ renderMs: 40, ...options });
  const titles = new Map<string, string>();
  const client = () =>
    setup.client({
      wrap: async (request, next) => {
        if (new URL(request.url).pathname === RENDER && request.method === 'POST') {
          const body = await request.clone().json();
          titles.set(body.id, body.draft.m.title);
        }
        return wrap(request, next);
      },
    });
  const session = (await setup.client().sessions.create()).id;
  return { setup, client, session, titles };
}

/** What each job's render was of: its title, by job id. */
async function renderedTitles(store: JobStore, titles: Map<string, string>) {
  const records = await Promise.all(['a', 'b', 'c'].map((id) => store.get(id)));
  return records.map((record) => titles.get(record!.render!.id));
}

test('jobs in one session take turns in order: every upload first, then each job\'s messages; each renders its own timeline while the next edits', async () => {
  const { setup, client, session, titles } = await sharedSetup();
  const store = memoryJobStore();
  const results = await runJobs(client(), specs(), { store, session, concurrency: 2, timings: FAST });

  expect(results.map((r) => [r.id, r.status, r.sessionId])).toEqual(['a', 'b', 'c'].map((id) => [id, 'done', session]));
  expect(setup.sessions()).toEqual([session]); // none made by the jobs
  expect(setup.uploads(session)).toHaveLength(3);
  expect(setup.chats(session)).toEqual(['a', 'b', 'c'].flatMap((id) => [message(id), EDIT]));
  expect(await renderedTitles(store, titles)).toEqual(['Take a', 'Take b', 'Take c']);
  const order = setup.sent.map((s) => (s.path.startsWith('/api/upload-video/') ? 'upload' : s.path === '/run_sse' ? `chat ${s.detail}` : s.path === RENDER && s.method === 'POST' ? 'render' : undefined)).filter(Boolean);
  expect(order).toEqual([
    'upload', 'upload', 'upload',
    ...['a', 'b', 'c'].flatMap((id) => [`chat ${message(id)}`, `chat ${EDIT}`, 'render']),
  ]);
  // a's render ran while b was edited: its last check came after b's message
  const aChecked = setup.sent.length - 1 - [...setup.sent].reverse().findIndex((s) => s.path.startsWith(`${RENDER}/`) && titles.get(s.path.slice(RENDER.length + 1)) === 'Take a');
  expect(aChecked).toBeGreaterThan(setup.sent.findIndex((s) => s.detail === message('b')));
  // the record keeps what the render was of, so a render made again is of that timeline only
  expect((await store.get('a'))!.render!.snapshot).toMatch(/^[0-9a-f]{14}$/);
});

test('a session that is not an id is refused before anything is sent; a record of another session needs attention', async () => {
  const { setup, client, session } = await sharedSetup();
  const before = setup.sent.length;
  await expect(runJobs(client(), specs(), { store: memoryJobStore(), session: '' })).rejects.toBeInstanceOf(InvalidArgumentError);
  await expect(runJobs(client(), specs(), { store: memoryJobStore(), session: 42 as unknown as string })).rejects.toThrow('got number');
  expect(setup.sent.length).toBe(before);

  // a job stopped in one session, run again in another: its work is in the first, so a person decides
  const store = memoryJobStore();
  await runJobs(client(), specs().slice(0, 1), { store, session, timings: FAST });
  await store.set('a', { ...(await store.get('a'))!, status: 'running' });
  const other = (await setup.client().sessions.create()).id;
  const [moved] = await runJobs(client(), specs().slice(0, 1), { store, session: other, timings: FAST });
  expect(moved).toMatchObject({ status: 'needs_attention', attention: { reason: 'session_lost' }, sessionId: session });
  expect(setup.chats(other)).toEqual([]);
});

test('an abort while a job waits for a render slot submits no render for it; a rerun does', async () => {
  const { setup, client, session } = await sharedSetup({ renderMs: 300 });
  const controller = new AbortController();
  const onUpdate = (u: JobUpdate) => {
    // b is confirmed while a's render holds the one slot
    if (u.type === 'checkpoint' && u.jobId === 'b' && u.checkpoint === 'message:1:confirmed') controller.abort(new Error('stopped'));
  };
  const store = memoryJobStore();
  const two = specs().slice(0, 2);
  await expect(runJobs(client(), two, { store, session, concurrency: 1, timings: FAST, onUpdate, signal: controller.signal })).rejects.toThrow('stopped');
  expect(setup.renders(session)).toHaveLength(1);
  expect((await store.get('b'))!.render).toBeUndefined();
  const results = await runJobs(client(), two, { store, session, timings: FAST });
  expect(results.map((r) => r.status)).toEqual(['done', 'done']);
  expect(setup.renders(session)).toHaveLength(2); // a's, waited on again; b's, once
});

describe('a job that stops in its turn settles it before the next job changes the session', () => {
  test('an upload that never landed is dropped from the record (the media count is read while no other upload moves it): a rerun sends it', async () => {
    let cut = false;
    const { setup, client, session } = await sharedSetup({}, async (request, next) => {
      // a.png's upload dies on the way, before the service has it
      if (!cut && request.url.includes('/api/upload-video/') && (await request.clone().text()).includes('bytes of a.png')) {
        cut = true;
        throw new TypeError('fetch failed');
      }
      return next(request);
    });
    const store = memoryJobStore();
    const first = await runJobs(client(), specs(), { store, session, timings: FAST });
    expect(first.map((r) => r.status)).toEqual(['failed', 'done', 'done']);
    expect((await store.get('a'))!.uploads).toEqual([]);
    const second = await runJobs(client(), specs(), { store, session, timings: FAST });
    expect(second.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    // without the settling, b's and c's uploads would have passed for a's on the rerun
    expect(setup.uploads(session)).toHaveLength(3);
  });

  test('a message that may have run, which the state could not confirm, needs a person: later jobs\' changes would pass for its own', async () => {
    const { setup, client, session } = await sharedSetup();
    const onUpdate = (u: JobUpdate) => {
      if (u.type !== 'checkpoint' || u.jobId !== 'a' || u.checkpoint !== 'message:0:sending' || u.status !== 'running') return;
      setup.emulator.faults.inject({ kind: 'reset-stream', afterEvents: 1 }); // cut; the agent's run goes on
      setup.emulator.faults.inject({ kind: 'server-error', path: '/api/state/', method: 'GET', times: 1 }); // the check that would confirm it
    };
    const store = memoryJobStore();
    const first = await runJobs(client(), specs(), { store, session, timings: FAST, onUpdate });
    expect(first.map((r) => r.status)).toEqual(['needs_attention', 'done', 'done']);
    expect(first[0]).toMatchObject({ attention: { reason: 'unconfirmed_message' }, remedy: { mayStillRun: true } });
    const second = await runJobs(client(), specs(), { store, session, timings: FAST });
    expect(second[0]).toMatchObject({ status: 'needs_attention' });
    expect(setup.chats(session).filter((c) => c === message('a'))).toHaveLength(1);
    expect(setup.renders(session)).toHaveLength(2);
  });

  test('a render made again is only of the timeline the job left: once later jobs changed it, the job fails with why, and renders nothing', async () => {
    let renders = 0;
    const { setup, client, session, titles } = await sharedSetup({ renderer: async (draft, info) => (++renders === 1 ? Promise.reject(new Error('GPU fell over')) : tinyRenderer(draft, info)) });
    const store = memoryJobStore();
    const first = await runJobs(client(), specs(), { store, session, concurrency: 1, timings: FAST });
    expect(first.map((r) => [r.status, r.error?.name])).toEqual([['failed', 'RenderFailedError'], ['done', undefined], ['done', undefined]]);
    const second = await runJobs(client(), specs(), { store, session, timings: FAST });
    expect(second[0]).toMatchObject({ status: 'failed', remedy: { kind: 'invalid', message: expect.stringContaining('cannot be rendered as this job left it') } });
    expect(setup.renders(session)).toHaveLength(3);
    expect([...titles.values()]).toEqual(['Take a', 'Take b', 'Take c']);
  });
});

/** How many writes a whole run of `specs()` in one session makes. */
async function writesOfAWholeRun(): Promise<number> {
  const { client, session } = await sharedSetup();
  let writes = 0;
  await runJobs(client(), specs(), { store: memoryJobStore(), session, timings: FAST, onUpdate: (u) => void (u.type === 'checkpoint' && writes++) });
  return writes;
}
const WRITES = await writesOfAWholeRun();

describe('a crash at each write of three jobs in one session, then a rerun', () => {
  test('a whole run writes each job\'s record from session:created on', () => expect(WRITES).toBe(3 * 13));

  test.each(Array.from({ length: WRITES }, (_, i) => i + 1))('after write %i', async (write) => {
    const { setup, client, session, titles } = await sharedSetup();
    const store = memoryJobStore();
    expect(await rejectionOf(runJobs(client(), specs(), { store: crashingStore(store, write), session, timings: FAST }))).toBeInstanceOf(Crash);

    const results = await runJobs(client(), specs(), { store, session, timings: FAST });
    expect(setup.sessions()).toEqual([session]);
    expect(setup.uploads(session)).toHaveLength(3);
    const chats = setup.chats(session);
    for (const result of results) {
      if (result.status === 'needs_attention') {
        // only a job that died between "about to send" and the send itself: never sent twice
        expect(result.attention!.reason).toBe('unconfirmed_message');
        continue;
      }
      expect(result).toMatchObject({ status: 'done', sessionId: session });
      expect(chats.filter((c) => c === message(result.id))).toHaveLength(1);
      const record = (await store.get(result.id))!;
      expect(titles.get(record.render!.id)).toBe(`Take ${result.id}`);
    }
    expect(chats.filter((c) => c === EDIT).length).toBeLessThanOrEqual(3);
    // every render submitted is one a record names: none made twice
    const named = new Set((await Promise.all(results.map((r) => store.get(r.id)))).map((r) => r?.render?.id));
    expect(setup.renders(session).every((id) => named.has(id))).toBe(true);
  });
});
