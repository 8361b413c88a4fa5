import { describe, expect, test } from 'vitest';
import { InvalidArgumentError } from '../../../src/index.js';
import { memoryJobStore, recordResult, runVideoJob, type JobFiles, type JobRecord, type JobUpdate, type VideoJobSpec } from '../../../src/jobs/index.js';
import { tinyRenderer } from '../../../src/testing/index.js';
import { Crash, crashingStore, FAST, fakeImage, jobsSetup } from '../helpers/jobs.js';

const SCRIPT = 'Cities never sleep. Lights flicker across the skyline.';

test('the whole job: a session, each image once, the script, each edit, one render, the URL; every step checkpointed before and after', async () => {
  const setup = jobsSetup();
  const store = memoryJobStore();
  const updates: JobUpdate[] = [];
  const spec = {
    id: 'teaser',
    script: SCRIPT,
    images: ['https://example.com/skyline.jpg', new File([new Uint8Array([1, 2, 3])], 'logo.png', { type: 'image/png' }), fakeImage('street.jpg')],
    aspect: '9:16' as const,
    seconds: 10,
    edits: ['add lo-fi background music', 'change the title to "Night shift"'],
  };
  const result = await runVideoJob(setup.client(), spec, { store, timings: FAST, onUpdate: (u) => updates.push(u) });

  expect(result).toMatchObject({ id: 'teaser', status: 'done', checkpoint: 'done', error: undefined, remedy: undefined });
  expect(result.url).toMatch(/^https:\/\/emulator\.test\/files\/render_\w+\.mp4$/);
  const sessionId = result.sessionId!;
  expect(setup.sessions()).toEqual([sessionId]);
  expect(setup.uploads(sessionId)).toHaveLength(3);
  expect(setup.chats(sessionId)).toEqual([
    `generate a 10-second video in 9:16, using the 3 uploaded images, from this script: ${SCRIPT}`,
    'add lo-fi background music',
    'change the title to "Night shift"',
  ]);
  expect(setup.renders(sessionId)).toEqual([result.renderId]);
  const draft = setup.emulator.draftOf(sessionId)!;
  expect(draft.m).toMatchObject({ aspect: '9:16', title: 'Night shift' });

  const checkpoints = updates.filter((u) => u.type === 'checkpoint').map((u) => u.checkpoint);
  expect(checkpoints).toEqual([
    'session:creating', 'session:created',
    'upload:0:sending', 'upload:0:sent', 'upload:1:sending', 'upload:1:sent', 'upload:2:sending', 'upload:2:sent',
    'message:0:sending', 'message:0:sent', 'message:0:confirmed',
    'message:1:sending', 'message:1:sent', 'message:1:confirmed',
    'message:2:sending', 'message:2:sent', 'message:2:confirmed',
    'render:submitting', 'render:submitted', 'render:completed',
    'done',
  ]);
  const record = await store.get('teaser');
  expect(record).toMatchObject({ version: 1, status: 'done', sessionId, render: { id: result.renderId, status: 'completed', url: result.url } });
  expect(record!.messages.map((m) => m.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
});

const spec = (more: Partial<VideoJobSpec> = {}): VideoJobSpec => ({ id: 'job-1', script: SCRIPT, edits: ['add lo-fi background music'], ...more });

describe('a first message of its own', () => {
  test('message is sent exactly as given, not built into a generation request; then the edits; the record keeps it', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const message = 'generate a 5-second video from this script: "Take 1". The sea at dawn.';
    const result = await runVideoJob(setup.client(), { id: 'own', message, edits: ['add lo-fi background music'] }, { store, timings: FAST });
    expect(result.status).toBe('done');
    expect(setup.chats(result.sessionId!)).toEqual([message, 'add lo-fi background music']);
    expect((await store.get('own'))!.spec).toEqual({ message, images: [], edits: ['add lo-fi background music'] });
    // another message under the same id is another job
    const other = await runVideoJob(setup.client(), { id: 'own', message: `${message} At night.`, edits: ['add lo-fi background music'] }, { store, timings: FAST });
    expect(other).toMatchObject({ status: 'needs_attention', attention: { reason: 'spec_changed' } });
  });

  test('the sessions are started in the language given', async () => {
    const setup = jobsSetup();
    const languages: string[] = [];
    const client = setup.client({
      wrap: async (request, next) => {
        if (new URL(request.url).pathname.startsWith('/api/tasks/')) languages.push((await request.clone().json()).language);
        return next(request);
      },
    });
    expect((await runVideoJob(client, spec(), { store: memoryJobStore(), timings: FAST, language: 'zh-CN' })).status).toBe('done');
    expect(languages).toEqual(['zh-CN']);
  });
});

describe('resume', () => {
  test('a done job is reported as it is: nothing is sent again', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const first = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    const before = setup.sent.length;
    const again = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    expect(again).toEqual(first);
    expect(setup.sent.length).toBe(before);
  });

  test('the same id with another spec is refused as spec_changed; the record is left as it is and nothing is sent', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    const record = await store.get('job-1');
    const before = setup.sent.length;
    const result = await runVideoJob(setup.client(), spec({ edits: ['add jazz background music'] }), { store, timings: FAST });
    expect(result).toMatchObject({ status: 'needs_attention', attention: { reason: 'spec_changed' }, remedy: { kind: 'invalid' } });
    expect(await store.get('job-1')).toEqual(record);
    expect(setup.sent.length).toBe(before);
    // where the MP4 goes is not part of what is made
    expect((await runVideoJob(setup.client(), spec({ out: 'elsewhere.mp4' }), { store, timings: FAST, files: noFiles })).status).toBe('done');
  });

  test('a record of an unknown version is not touched: the job fails, nothing is sent', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const future = { version: 2, id: 'job-1', status: 'running', spec: {} } as unknown as JobRecord;
    await store.set('job-1', future);
    const result = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    expect(result).toMatchObject({ status: 'failed', error: { name: 'InvalidArgumentError', message: expect.stringContaining('version 2') } });
    expect(await store.get('job-1')).toEqual(future);
    expect(setup.sent).toEqual([]);
  });

  test('a store that cannot read fails the call (a job never starts over on an unreadable record)', async () => {
    const setup = jobsSetup();
    const broken = { get: async () => Promise.reject(new Error('disk on fire')), set: async () => undefined };
    await expect(runVideoJob(setup.client(), spec(), { store: broken, timings: FAST })).rejects.toThrow('disk on fire');
    expect(setup.sent).toEqual([]);
  });

  test('an abort stops the job with its reason; a rerun resumes it and does nothing twice', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const onUpdate = (u: JobUpdate) => void (u.type === 'checkpoint' && u.checkpoint === 'message:0:sent' && controller.abort(reason));
    await expect(runVideoJob(setup.client(), spec(), { store, timings: FAST, signal: controller.signal, onUpdate })).rejects.toBe(reason);
    const result = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    expect(result.status).toBe('done');
    expect(setup.sessions()).toHaveLength(1);
    expect(setup.chats(result.sessionId!)).toHaveLength(2);
    expect(setup.renders(result.sessionId!)).toEqual([result.renderId]);
  });

  test('recordResult: a record still running is interrupted at its checkpoint; an ended one reads as the run reported it', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const controller = new AbortController();
    const onUpdate = (u: JobUpdate) => void (u.type === 'checkpoint' && u.checkpoint === 'message:0:sent' && controller.abort());
    await expect(runVideoJob(setup.client(), spec(), { store, timings: FAST, signal: controller.signal, onUpdate })).rejects.toThrow();
    const record = (await store.get('job-1'))!;
    expect(record.status).toBe('running');
    const stopped = recordResult(record);
    expect(stopped).toMatchObject({ id: 'job-1', status: 'interrupted', checkpoint: expect.stringMatching(/^message:/), error: undefined, remedy: undefined, url: undefined });
    expect(stopped.checkpoint).toBe(record.checkpoint);
    expect(stopped.sessionId).toBe(setup.sessions()[0]);
    const done = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    expect(recordResult((await store.get('job-1'))!)).toEqual(done);
  });
});

describe('confirming a message by state', () => {
  test('a message recorded as sending whose timeline never changes: checked at once, after firstPoll, then every pollEvery, maxPolls times; then needs_attention, never re-sent', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    // The job dies right after writing "about to send message 0", so the message never went out.
    await expect(runVideoJob(setup.client(), spec(), { store: crashingStore(store, 3), timings: FAST })).rejects.toBeInstanceOf(Crash);
    expect((await store.get('job-1'))!.checkpoint).toBe('message:0:sending');
    const sessionId = (await store.get('job-1'))!.sessionId!;

    const since = setup.sent.length;
    const timings = { ...FAST, firstPoll: 60, pollEvery: 25, maxPolls: 3 };
    const result = await runVideoJob(setup.client(), spec(), { store, timings });
    expect(result).toMatchObject({ status: 'needs_attention', sessionId, checkpoint: 'message:0:sending', attention: { reason: 'unconfirmed_message' } });
    expect(result.attention!.message).toContain('was not sent again');
    const polls = setup.sent.slice(since);
    expect(polls.map((s) => s.path)).toEqual(Array(4).fill(`/api/state/nemo_agent/me/${sessionId}/latest`));
    const gaps = polls.slice(1).map((s, i) => s.at - polls[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(59);
    expect(gaps.slice(1).every((gap) => gap >= 24)).toBe(true);
    expect(setup.chats(sessionId)).toEqual([]);

    // and it stays that way: a rerun leaves it for a person
    const before = setup.sent.length;
    expect((await runVideoJob(setup.client(), spec(), { store, timings: FAST })).status).toBe('needs_attention');
    expect(setup.sent.length).toBe(before);
  });

  test('the defaults are the service\'s schedule: 30 s, then every 60 s, 5 checks after the first', async () => {
    const { resolveTimings } = await import('../../../src/jobs/job-options.js');
    // No renderInterval: renders.wait's default (30 s, or the status answer's Retry-After hint) applies.
    expect(resolveTimings()).toEqual({ firstPoll: 30_000, pollEvery: 60_000, maxPolls: 5, renderMaxDuration: 900_000 });
    expect(resolveTimings({ firstPoll: undefined, pollEvery: 5 })).toMatchObject({ firstPoll: 30_000, pollEvery: 5 });
  });

  test('a stream cut after the message went out: confirmed by the changed timeline, not sent again', async () => {
    const setup = jobsSetup();
    setup.emulator.faults.inject({ kind: 'reset-stream', afterEvents: 1 });
    const result = await runVideoJob(setup.client(), spec(), { store: memoryJobStore(), timings: FAST });
    expect(result.status).toBe('done');
    expect(setup.chats(result.sessionId!)).toHaveLength(2);
  });

  test('an answered message that changes nothing (the agent asks a question): needs_attention no_change', async () => {
    const setup = jobsSetup();
    const result = await runVideoJob(setup.client(), spec({ edits: ['what do you think of it?'] }), { store: memoryJobStore(), timings: FAST });
    expect(result).toMatchObject({ status: 'needs_attention', checkpoint: 'message:1:sent', attention: { reason: 'no_change' } });
    expect(setup.chats(result.sessionId!)).toHaveLength(2);
    expect(setup.renders(result.sessionId!)).toEqual([]);
  });

  test('the agent says it failed and nothing changed: needs_attention agent_error at once, not re-sent', async () => {
    const setup = jobsSetup();
    setup.emulator.faults.inject({ kind: 'agent-error', afterEvents: 1, message: 'The model is overloaded.' });
    const since = setup.sent.length;
    const result = await runVideoJob(setup.client(), spec(), { store: memoryJobStore(), timings: { ...FAST, firstPoll: 10_000 } });
    expect(result).toMatchObject({ status: 'needs_attention', attention: { reason: 'agent_error', message: expect.stringContaining('The model is overloaded.') } });
    expect(setup.chats(result.sessionId!)).toHaveLength(1);
    // one look at the state after the turn, no schedule
    expect(setup.sent.slice(since).filter((s) => s.path.startsWith('/api/state/'))).toHaveLength(2);
  });

  test('the session gone (1002): needs_attention session_lost; no new session is made by itself', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    setup.emulator.faults.inject({ kind: 'lost-session', path: '/run_sse' });
    const result = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    expect(result).toMatchObject({ status: 'needs_attention', attention: { reason: 'session_lost' }, remedy: { kind: 'session_lost' } });
    expect(setup.sessions()).toHaveLength(1);
    // the refused message is not pending: the record shows it unsent
    expect((await store.get('job-1'))!.messages).toEqual([]);
  });
});

describe('render', () => {
  test('a failed render fails the job; a rerun renders again under a new id', async () => {
    let renders = 0;
    const setup = jobsSetup({ renderer: async (draft, info) => (++renders === 1 ? Promise.reject(new Error('GPU fell over')) : tinyRenderer(draft, info)) });
    const store = memoryJobStore();
    const failed = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    expect(failed).toMatchObject({ status: 'failed', checkpoint: 'render:submitted', error: { name: 'RenderFailedError' }, remedy: { kind: 'render_failed' } });
    const done = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    expect(done.status).toBe('done');
    expect(setup.renders(done.sessionId!)).toEqual([failed.renderId, done.renderId]);
    expect(done.renderId).not.toBe(failed.renderId);
    expect(setup.chats(done.sessionId!)).toHaveLength(2);
  });

  test('a render that outlasts renderMaxDuration fails the job but is left running: a rerun waits on the same id', async () => {
    const setup = jobsSetup({ renderMs: 300 });
    const store = memoryJobStore();
    const slow = await runVideoJob(setup.client(), spec(), { store, timings: { ...FAST, renderMaxDuration: 20 } });
    expect(slow).toMatchObject({ status: 'failed', error: { name: 'APITimeoutError' } });
    expect(setup.sent.some((s) => s.path.endsWith('/cancel'))).toBe(false);
    const done = await runVideoJob(setup.client(), spec(), { store, timings: FAST });
    expect(done).toMatchObject({ status: 'done', renderId: slow.renderId });
    expect(setup.renders(done.sessionId!)).toEqual([slow.renderId]);
  });
});

describe('files', () => {
  test('images given as paths are opened by files.open; out is saved by files.save', async () => {
    const setup = jobsSetup();
    const opened: string[] = [];
    const saved: Array<[string, string]> = [];
    const files: JobFiles = {
      open: async (path) => (opened.push(path), new File([new Uint8Array([1, 2, 3])], path.split('/').pop()!, { type: 'image/png' })),
      save: async (_client, url, path) => void saved.push([url, path]),
    };
    const result = await runVideoJob(setup.client(), spec({ images: ['shots/cover.png'], out: 'out/teaser.mp4' }), { store: memoryJobStore(), timings: FAST, files });
    expect(result).toMatchObject({ status: 'done', file: 'out/teaser.mp4' });
    expect(opened).toEqual(['shots/cover.png']);
    expect(saved).toEqual([[result.url, 'out/teaser.mp4']]);
    expect(setup.uploads(result.sessionId!)).toHaveLength(1);
  });

  test('a file that cannot be opened fails the job before its upload is recorded', async () => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    const files: JobFiles = { open: async () => Promise.reject(new Error('ENOENT: no such file')), save: async () => undefined };
    const result = await runVideoJob(setup.client(), spec({ images: ['missing.png'] }), { store, timings: FAST, files });
    expect(result).toMatchObject({ status: 'failed', checkpoint: 'session:created', remedy: { kind: 'invalid', message: expect.stringContaining('missing.png') } });
    expect((await store.get('job-1'))!.uploads).toEqual([]);
  });
});

describe('a bad spec is refused before anything is sent or stored', () => {
  test.each<[string, Partial<VideoJobSpec>, string]>([
    ['an id with a slash', { id: 'a/b' }, 'id must be'],
    ['an empty script', { script: ' ' }, 'script'],
    ['neither script nor message', { script: undefined }, 'script (or message)'],
    ['an empty message', { script: undefined, message: ' ' }, 'message must be'],
    ['both script and message', { message: 'make a video' }, 'not both'],
    ['a message with aspect', { script: undefined, message: 'make a video', aspect: '9:16' }, 'say them in the message'],
    ['an unknown aspect', { aspect: '4:3' as never }, 'aspect'],
    ['a negative length', { seconds: -5 }, 'seconds'],
    ['an empty edit', { edits: [''] }, 'edits'],
    ['a path without files', { images: ['cover.png'] }, 'is a path'],
    ['a Blob with no type', { images: [new Blob([new Uint8Array([1])])] }, 'needs a filename'],
    ['out without files', { out: 'a.mp4' }, 'out needs files'],
  ])('%s', async (_, more, message) => {
    const setup = jobsSetup();
    const store = memoryJobStore();
    await expect(runVideoJob(setup.client(), spec(more), { store, timings: FAST })).rejects.toThrow(message);
    expect(setup.sent).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  test('no store', async () => {
    await expect(runVideoJob(jobsSetup().client(), spec(), {} as never)).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

const noFiles: JobFiles = { open: async () => new Blob(), save: async () => undefined };

describe('render submission', () => {
  test.each([
    ['an error (500)', () => Response.json({ success: false, error: 'Internal error.' }, { status: 500 })],
    ['"taken" (409)', () => Response.json({ success: false, error: 'Render job already exists.' }, { status: 409 })],
  ])('the service made the render but answered %s: the job asks the renderer, finds its id, and waits on it', async (_, answer) => {
    const setup = jobsSetup();
    let answered = false;
    const nv = setup.client({
      wrap: async (request, next) => {
        const made = await next(request);
        if (answered || request.method !== 'POST' || !request.url.endsWith('/api/render/proxy/lambda')) return made;
        answered = true;
        expect(made.status).toBe(200);
        return answer();
      },
    });
    const result = await runVideoJob(nv, spec(), { store: memoryJobStore(), timings: FAST });
    expect(result).toMatchObject({ status: 'done' });
    expect(setup.renders(result.sessionId!)).toEqual([result.renderId]);
  });

  test('a refusal the renderer does not know the id of fails the job (402: the plan)', async () => {
    const setup = jobsSetup();
    setup.emulator.faults.inject({ kind: 'export-blocked' });
    const result = await runVideoJob(setup.client(), spec(), { store: memoryJobStore(), timings: FAST });
    expect(result).toMatchObject({ status: 'failed', checkpoint: 'render:submitting', remedy: { kind: 'plan' } });
  });
});
