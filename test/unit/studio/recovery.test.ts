import { describe, expect, test, vi } from 'vitest';
import { NemoVideo } from '../../../src/index.js';
import { Studio, type StudioUpdate } from '../../../src/studio/index.js';
import { chatsSent, fakeFile, FAST, GENERATE, ofType, STUDIO_URL, studioSetup, updatesOf } from '../helpers/studio.js';

const runSse = (emulator: ReturnType<typeof studioSetup>['emulator']) => emulator.requests.filter((r) => r.path === '/run_sse');
const remedyOf = (updates: StudioUpdate[]) => ofType(updates, 'remedy')[0];

describe('1002: a new session, and a message re-sent only when it provably never ran', () => {
  test('lost before the message was sent: a new session, and the message goes there, once', async () => {
    const { emulator, nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    await updatesOf(studio.connect());
    const old = studio.sessionId!;
    emulator.faults.inject({ kind: 'lost-session' }); // the next session call: the state read before the message
    const updates = await updatesOf(studio.say(GENERATE));
    expect(ofType(updates, 'session')).toEqual([
      { type: 'session', sessionId: studio.sessionId, resumed: false, replaced: old, message: expect.stringContaining('a new one was started') },
    ]);
    expect(studio.sessionId).not.toBe(old);
    expect(chatsSent(emulator)).toBe(1);
    expect(emulator.draftOf(studio.sessionId!)).toBeDefined();
  });

  test('the chat itself answered 1002 (so it never ran): sent again in the new session', async () => {
    const { emulator, nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    await updatesOf(studio.connect());
    emulator.faults.inject({ kind: 'lost-session', path: '/run_sse' });
    const updates = await updatesOf(studio.say(GENERATE));
    expect(runSse(emulator).map((r) => r.status)).toEqual([404, 200]);
    expect(ofType(updates, 'session')[0]).toMatchObject({ replaced: expect.any(String) });
    expect(ofType(updates, 'text').length).toBeGreaterThan(0);
  });

  test('files sent with the message: when the chat finds the session lost, the new session gets the files again, then the message', async () => {
    const { emulator, nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    await updatesOf(studio.connect());
    const old = studio.sessionId!;
    emulator.faults.inject({ kind: 'lost-session', path: '/run_sse' });
    const updates = await updatesOf(studio.say(GENERATE, { files: [fakeFile('intro.mp4')] }));

    const uploadsTo = (id: string) => emulator.requests.filter((r) => r.method === 'POST' && r.path === `/api/upload-video/nemo_agent/me/${id}`);
    expect(studio.sessionId).not.toBe(old);
    expect(uploadsTo(old)).toHaveLength(1);
    expect(uploadsTo(studio.sessionId!)).toHaveLength(1);
    expect(runSse(emulator).map((r) => r.status)).toEqual([404, 200]);
    // In order: the upload, the new session, the upload again, then the agent's answer.
    const order = updates.filter((u) => u.type === 'session' || (u.type === 'result' && u.kind === 'upload') || u.type === 'text').map((u) => u.type);
    expect(order.slice(0, 3)).toEqual(['result', 'session', 'result']);
    expect(order.at(-1)).toBe('text');
  });

  test.each([
    ['rate-limit', { kind: 'rate-limit', retryAfter: 0, path: '/run_sse' }, [429, 200]],
    ['lost-session', { kind: 'lost-session', path: '/run_sse' }, [404, 200]],
  ] as const)('a %s answer held back past a still_working is still known not to have run: sent again, once', async (_, fault, statuses) => {
    // The chat's answer waits until Studio has shown a still_working: that event comes from the SDK's clock, not the agent.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const { emulator, nv } = studioSetup({}, {
      wrap: async (request, next) => {
        if (new URL(request.url).pathname === '/run_sse' && !held) {
          held = true;
          await released;
        }
        return next(request);
      },
    });
    const studio = new Studio(nv, { timings: { ...FAST, stillWorkingAfter: 10 } });
    await updatesOf(studio.connect());
    emulator.faults.inject(fault);
    const updates: StudioUpdate[] = [];
    for await (const update of studio.say(GENERATE)) {
      updates.push(update);
      if (update.type === 'still_working') release();
    }
    expect(ofType(updates, 'still_working').length).toBeGreaterThan(0);
    expect(runSse(emulator).map((r) => r.status)).toEqual(statuses);
    expect(ofType(updates, 'remedy')).toEqual([]);
    expect(ofType(updates, 'text').length).toBeGreaterThan(0);
  });

  test('a cut after the first events may have run: never sent again; the state tells what happened', async () => {
    const { emulator, nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    emulator.faults.inject({ kind: 'reset-stream', afterEvents: 2 });
    const updates = await updatesOf(studio.say(GENERATE));
    expect(chatsSent(emulator)).toBe(1);
    expect(remedyOf(updates)).toMatchObject({ kind: 'stalled', mayStillRun: true, message: expect.stringContaining('may still be running') });
    expect(updates.at(-1)).toMatchObject({ type: 'timeline', message: expect.stringMatching(/^Created: Timeline \(4 tracks\)/) });
  });

  test('an agent error after it started: a remedy, never a re-send', async () => {
    const { emulator, nv } = studioSetup();
    emulator.faults.inject({ kind: 'agent-error', afterEvents: 1 });
    const updates = await updatesOf(new Studio(nv, { timings: FAST }).say(GENERATE));
    expect(chatsSent(emulator)).toBe(1);
    expect(updates.at(-1)).toMatchObject({ type: 'remedy', kind: 'agent_error', message: expect.stringContaining('The model is overloaded') });
  });

  test('export and upload in a lost session: a new session, then the step again there', async () => {
    const { emulator, nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    await updatesOf(studio.say(GENERATE));
    emulator.faults.inject({ kind: 'lost-session', path: '/api/upload-video/' });
    const uploaded = await updatesOf(studio.say('upload', { files: [fakeFile('clip.mp4')] }));
    expect(ofType(uploaded, 'session')).toHaveLength(1);
    expect(ofType(uploaded, 'result')).toMatchObject([{ kind: 'upload', filename: 'clip.mp4' }]);
    expect(emulator.draftOf(studio.sessionId!)!.t[0]!.sg).toHaveLength(1);

    emulator.faults.inject({ kind: 'lost-session', path: '/api/state/' });
    const exported = await updatesOf(studio.say('export'));
    expect(ofType(exported, 'session')).toHaveLength(1);
    // the new session is empty: nothing to render, and the user is told so
    expect(exported.at(-1)).toMatchObject({ type: 'remedy', kind: 'invalid', message: expect.stringMatching(/^Nothing to export yet/) });
  });

  test('a new session that cannot be made: a remedy, not a throw; the next call tries again', async () => {
    const { emulator, nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    await updatesOf(studio.connect());
    const old = studio.sessionId!;
    emulator.faults.inject({ kind: 'lost-session', path: '/api/state/' });
    emulator.faults.inject({ kind: 'server-error', path: '/api/tasks/', status: 503 });
    const failed = await updatesOf(studio.status());
    expect(failed).toEqual([expect.objectContaining({ type: 'remedy', kind: 'error', code: 503 })]);
    expect(studio.sessionId).toBe(old);
    emulator.faults.inject({ kind: 'lost-session', path: '/api/state/' });
    const renewed = await updatesOf(studio.status());
    expect(renewed.map((u) => u.type)).toEqual(['session', 'timeline']);
  });
});

describe('2001: out of credits', () => {
  test('an anonymous user gets the registration link that keeps their work', async () => {
    const { emulator, nv } = studioSetup({ credits: 0 });
    const updates = await updatesOf(new Studio(nv, { timings: FAST }).say(GENERATE));
    expect(updates.at(-1)).toMatchObject({
      type: 'remedy',
      kind: 'no_credits',
      code: 2001,
      links: [{ label: 'Register', url: expect.stringMatching(/^https:\/\/nemovideo\.com\/register\?bind=anon_\w+$/) }],
    });
    expect(runSse(emulator).map((r) => r.status)).toEqual([402]);
  });

  test('a registered user is told to top up, with no registration link', async () => {
    const { emulator } = studioSetup();
    const { token } = emulator.createUser({ credits: 0, anonymous: false });
    const nv = new NemoVideo({ baseURL: STUDIO_URL, token, maxRetries: 0, fetch: (input, init) => emulator.handle(new Request(input, init)) });
    const remedy = remedyOf(await updatesOf(new Studio(nv, { timings: FAST }).say(GENERATE)));
    expect(remedy).toMatchObject({ kind: 'no_credits', links: [{ label: 'Top up', url: 'https://nemovideo.com' }] });
    expect(remedy!.message).toMatch(/top up/);
  });
});

describe('4001 / 4002: bad files', () => {
  test('an unsupported type: the accepted formats; nothing is sent, and the other files still go', async () => {
    const { emulator, nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    const updates = await updatesOf(studio.say('upload', { files: [fakeFile('notes.txt'), fakeFile('clip.mp4')] }));
    const remedy = remedyOf(updates)!;
    expect(remedy).toMatchObject({ kind: 'unsupported_file', acceptedFormats: expect.arrayContaining(['mp4', 'mov', 'png', 'jpg', 'mp3']) });
    expect(remedy.message).toMatch(/^notes\.txt: That file type is not supported\. Accepted: mp4, mov, avi/);
    expect(ofType(updates, 'result')).toMatchObject([{ kind: 'upload', filename: 'clip.mp4' }]);
    expect(emulator.requests.filter((r) => r.path.startsWith('/api/upload-video/'))).toHaveLength(1);
  });

  test('over 200 MB: compress or trim, before a byte is sent', async () => {
    const { emulator, nv } = studioSetup();
    const huge = new File(['x'], 'long.mp4', { type: 'video/mp4' });
    Object.defineProperty(huge, 'size', { value: 200 * 1024 * 1024 + 1 });
    const updates = await updatesOf(new Studio(nv, { timings: FAST }).upload([huge]));
    expect(remedyOf(updates)).toMatchObject({ kind: 'file_too_large', message: 'long.mp4: The file is over 200 MB: compress it or trim it, then upload it again.' });
    expect(emulator.requests.filter((r) => r.path.startsWith('/api/upload-video/'))).toHaveLength(0);
  });

  test('a file with an instruction that fails to upload: the instruction is not sent without it', async () => {
    const { emulator, nv } = studioSetup();
    await updatesOf(new Studio(nv, { timings: FAST }).say('make a video from this', { files: [fakeFile('notes.txt')] }));
    expect(chatsSent(emulator)).toBe(0);
  });
});

test('402: the plan, not credits', async () => {
  const { emulator, nv } = studioSetup();
  const studio = new Studio(nv, { timings: FAST });
  await updatesOf(studio.say(GENERATE));
  emulator.faults.inject({ kind: 'export-blocked' });
  const remedy = remedyOf(await updatesOf(studio.say('export')))!;
  expect(remedy).toMatchObject({ kind: 'plan', code: 402, links: [] });
  expect(remedy.message).toMatch(/plan/);
  expect(remedy.message).toMatch(/not credits/);
});

describe('429 on a chat: the transport waits and sends it again once (RECOVERY.rateLimit); Studio does not add its own', () => {
  test('one 429: waited out, and the message goes through', async () => {
    const { emulator, nv } = studioSetup();
    emulator.faults.inject({ kind: 'rate-limit', path: '/run_sse', retryAfter: 0 });
    const updates = await updatesOf(new Studio(nv, { timings: FAST }).say(GENERATE));
    expect(runSse(emulator).map((r) => r.status)).toEqual([429, 200]);
    expect(ofType(updates, 'text').length).toBeGreaterThan(0);
  });

  test('429 twice: once is the limit; a remedy says how long to wait', async () => {
    const { emulator, nv } = studioSetup();
    emulator.faults.inject({ kind: 'rate-limit', path: '/run_sse', retryAfter: 0 });
    emulator.faults.inject({ kind: 'rate-limit', path: '/run_sse', retryAfter: 7 });
    const updates = await updatesOf(new Studio(nv, { timings: FAST }).say(GENERATE));
    expect(runSse(emulator).map((r) => r.status)).toEqual([429, 429]);
    expect(updates.at(-1)).toMatchObject({ type: 'remedy', kind: 'rate_limited', code: 429, retryAfter: 7, message: 'The service is busy. Wait 7 s and try again.' });
  });

  test('with retryRateLimit: false on the client, the first 429 is the remedy and nothing is sent again', async () => {
    const { emulator, nv } = studioSetup({}, { retryRateLimit: false });
    emulator.faults.inject({ kind: 'rate-limit', path: '/run_sse', retryAfter: 0 });
    const updates = await updatesOf(new Studio(nv, { timings: FAST }).say(GENERATE));
    expect(runSse(emulator).map((r) => r.status)).toEqual([429]);
    expect(updates.at(-1)).toMatchObject({ type: 'remedy', kind: 'rate_limited' });
  });
});

describe('renewSession: false (RECOVERY.lostSession turned off)', () => {
  test('a lost session is a session_lost remedy: no new session, nothing sent again', async () => {
    const { emulator, nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST, renewSession: false });
    await updatesOf(studio.connect());
    const old = studio.sessionId;
    emulator.faults.inject({ kind: 'lost-session', path: '/run_sse' });
    const updates = await updatesOf(studio.say(GENERATE));
    expect(studio.sessionId).toBe(old);
    expect(runSse(emulator).map((r) => r.status)).toEqual([404]);
    expect(ofType(updates, 'session')).toEqual([]);
    expect(updates.at(-1)).toMatchObject({ type: 'remedy', kind: 'session_lost' });
  });
});

describe('a stall: the work may still be running; resumed by reading the state, never re-sent', () => {
  test.each(['stalled-stream', 'heartbeats-only'] as const)('%s', async (kind) => {
    const { emulator, nv } = studioSetup();
    emulator.faults.inject({ kind });
    const updates = await updatesOf(new Studio(nv, { timings: { ...FAST, stallAfter: 30 } }).say(GENERATE));
    const at = updates.indexOf(remedyOf(updates)!);
    expect(updates[at]).toMatchObject({ kind: 'stalled', mayStillRun: true, message: expect.stringContaining('the message was not sent again') });
    // Studio says it goes on to recover, so an app need not guess whether this remedy ends the turn.
    expect(updates[at]).toMatchObject({ recovering: true });
    expect(updates.slice(at + 1).map((u) => u.message)).toEqual([
      'Checking the timeline for what the agent did…',
      expect.stringMatching(/^Created: Timeline \(4 tracks\)/),
    ]);
    expect(chatsSent(emulator)).toBe(1);
  });
});

test('a caller abort is thrown as is, not turned into a remedy', async () => {
  const { nv } = studioSetup({ workMs: 200 });
  const controller = new AbortController();
  const studio = new Studio(nv, { timings: FAST });
  const updates: StudioUpdate[] = [];
  const run = (async () => {
    for await (const update of studio.say(GENERATE, { signal: controller.signal })) {
      updates.push(update);
      if (update.type === 'status' && update.tool) controller.abort(new Error('user left'));
    }
  })();
  await expect(run).rejects.toThrow('user left');
  expect(ofType(updates, 'remedy')).toEqual([]);
});

test('two steps find the session lost; the first leaves during the renewal: the second still gets a new session', async () => {
  let releaseCreate!: () => void;
  const creating = new Promise<void>((resolve) => (releaseCreate = resolve));
  let creates = 0;
  const { emulator, nv } = studioSetup(
    {},
    {
      // The second session create (the renewal) waits until the test lets it go, so the first caller can leave meanwhile.
      wrap: async (request, next) => {
        if (new URL(request.url).pathname.startsWith('/api/tasks/') && ++creates === 2) {
          await new Promise<void>((resolve, reject) => {
            void creating.then(resolve);
            request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
          });
        }
        return next(request);
      },
    },
  );
  const studio = new Studio(nv, { timings: FAST });
  await updatesOf(studio.connect());
  emulator.faults.inject({ kind: 'lost-session', path: '/api/state/', times: 2 });
  // status() is a session step: it finds the session lost (1002) and renews it.
  const leaving = new AbortController();
  const first = updatesOf(studio.status({ signal: leaving.signal })).catch((error: unknown) => error);
  const second = updatesOf(studio.status());
  await vi.waitFor(() => expect(creates).toBe(2));
  leaving.abort();
  expect((await first as Error).name).toBe('AbortError');
  releaseCreate();
  const updates = await second;
  expect(ofType(updates, 'session').at(-1)).toMatchObject({ replaced: expect.any(String) });
  expect(ofType(updates, 'timeline')).toHaveLength(1);
});
