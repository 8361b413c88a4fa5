import { expect, test } from 'vitest';
import { memoryJobStore } from '../../../src/jobs/index.js';
import { Studio, type BatchResult, type StudioUpdate } from '../../../src/studio/index.js';
import { fakeFile, FAST, studioSetup } from '../helpers/studio.js';

const script = (n: number) => `generate a 5-second video from this script: "Take ${n}". The sea at dawn.`;
const RENDER = '/api/render/proxy/lambda';

/** Counts what is in flight at the emulator, per kind, and the most seen at once. */
function gauge() {
  const now = { upload: 0, chat: 0, render: 0 };
  const max = { upload: 0, chat: 0, render: 0 };
  const up = (kind: keyof typeof now) => (max[kind] = Math.max(max[kind], ++now[kind]));
  const down = (kind: keyof typeof now) => void (now[kind] -= 1);
  return { now, max, up, down };
}

/** The body of `response`, counting down `onEnd` once it is read to the end or cancelled. */
function tracked(response: Response, onEnd: () => void): Response {
  if (!response.body) return (onEnd(), response);
  const reader = response.body.getReader();
  let ended = false;
  const end = () => void (!ended && ((ended = true), onEnd()));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read().catch((error) => (end(), Promise.reject(error)));
      if (done) {
        end();
        controller.close();
      } else controller.enqueue(value);
    },
    cancel: (reason) => (end(), reader.cancel(reason)),
  });
  return new Response(body, response);
}

/** An emulator setup whose fetch measures uploads, chat streams and render jobs in flight, and what was sent. */
function measured(emulatorOptions: Parameters<typeof studioSetup>[0] = {}) {
  const g = gauge();
  const sent = { chats: [] as string[], renderedTitles: [] as string[], sessionsOfChats: [] as string[] };
  const rendering = new Set<string>();
  const setup = studioSetup(
    { renderMs: 150, workMs: 30, ...emulatorOptions },
    {
      wrap: async (request, next) => {
        const path = new URL(request.url).pathname;
        if (path.startsWith('/api/upload-video/')) {
          g.up('upload');
          try {
            // the network's latency: long enough that uploads started together are in flight together
            await new Promise((resolve) => setTimeout(resolve, 10));
            return await next(request);
          } finally {
            g.down('upload');
          }
        }
        if (path === '/run_sse') {
          const body = await request.clone().json();
          sent.chats.push(body.new_message.parts[0].text);
          sent.sessionsOfChats.push(body.session_id);
          g.up('chat');
          return tracked(await next(request), () => g.down('chat'));
        }
        if (path === RENDER && request.method === 'POST') {
          const body = await request.clone().json();
          sent.renderedTitles.push(body.draft.m.title);
          rendering.add(body.id);
          g.up('render');
        }
        const response = await next(request);
        if (path.startsWith(`${RENDER}/`) && request.method === 'GET') {
          const id = path.slice(RENDER.length + 1);
          // a 404 (a job asking whether its render id exists after a refusal) has no data
          const { data } = await response.clone().json();
          if (data && data.status !== 'pending' && data.status !== 'processing' && rendering.delete(id)) g.down('render');
        }
        return response;
      },
    },
  );
  return { ...setup, gauge: g, sent };
}

const urls = (results: BatchResult[]) => results.map((r) => (r.ok ? r.url : r.remedy.message));

test('shared (the spec\'s batch style): one session; renders at most `concurrency` at once; one upload, one turn at a time, in order', async () => {
  const { nv, gauge: g, sent, emulator } = measured({ workMs: 0, delayMs: 0 });
  const studio = new Studio(nv, { timings: FAST });
  const items = [1, 2, 3, 4, 5].map((n) => ({ file: fakeFile(`take${n}.mp4`), instruction: script(n) }));
  const results = await studio.batch(items, { concurrency: 2 });

  expect(results.map((r) => [r.index, r.ok, r.sessionId])).toEqual(items.map((_, i) => [i, true, studio.sessionId]));
  expect(new Set(results.map((r) => r.ok && r.renderId)).size).toBe(5);
  // uploads take turns too: each is confirmed by the session's media count, which no other upload moves
  expect(g.max).toEqual({ upload: 1, chat: 1, render: 2 });
  expect(sent.chats).toEqual(items.map((item) => item.instruction));
  // each render is of its own item's timeline, though the next item was edited while it rendered
  expect(sent.renderedTitles).toEqual(['Take 1', 'Take 2', 'Take 3', 'Take 4', 'Take 5']);
  // every file went into the one session before the first turn
  const paths = emulator.requests.map((r) => r.path);
  const lastUpload = paths.length - 1 - [...paths].reverse().findIndex((p) => p.startsWith('/api/upload-video/'));
  expect(paths.indexOf('/run_sse')).toBeGreaterThan(lastUpload);
  // the state is read three times an item: the media count before its upload (what confirms it on a rerun),
  // the timeline before its message, then the timeline that confirms the message, which is the snapshot
  // rendered: no fourth read for the snapshot
  expect(paths.filter((p) => p.startsWith('/api/state/'))).toHaveLength(3 * items.length);
});

test('separate: a session per item, whole items `concurrency` at a time', async () => {
  const { nv, gauge: g, sent } = measured();
  const studio = new Studio(nv, { timings: FAST });
  const items = [1, 2, 3, 4, 5].map((n) => ({ instruction: script(n) }));
  const results = await studio.batch(items, { concurrency: 2, sessions: 'separate' });

  expect(results.every((r) => r.ok)).toBe(true);
  expect(new Set(results.map((r) => r.sessionId)).size).toBe(5);
  expect(new Set(sent.sessionsOfChats).size).toBe(5);
  expect(g.max.chat).toBe(2);
  expect(g.max.render).toBeLessThanOrEqual(2);
  expect(studio.sessionId).toBeUndefined(); // the Studio's own session is not used
});

test('one failure does not stop the rest: a result per item, with the remedy and the stage', async () => {
  const { nv, emulator } = measured({ renderMs: 20, workMs: 0 });
  const studio = new Studio(nv, { timings: FAST });
  // the agent fails the first turn (item 0): the one failure of a turn that leaves the others going, since
  // out of credits (2001) starts no new item (see the test of that rule below)
  emulator.faults.inject({ kind: 'agent-error', afterEvents: 0 });
  emulator.faults.inject({ kind: 'export-blocked' }); // the first render (item 2)
  const items = [
    { file: fakeFile('a.mp4'), instruction: script(1) },
    { file: fakeFile('notes.txt'), instruction: script(2) },
    { file: fakeFile('c.mp4'), instruction: script(3) },
    { file: fakeFile('d.mp4'), instruction: script(4) },
  ];
  const results = await studio.batch(items, { concurrency: 3 });
  expect(results.map((r) => (r.ok ? 'ok' : `${r.stage}:${r.remedy.kind}`))).toEqual(['chat:agent_error', 'upload:unsupported_file', 'export:plan', 'ok']);
  expect(urls(results)[3]).toMatch(/^https:\/\/emulator\.test\/files\/render_\w+\.mp4$/);
  expect(results.map((r) => r.sessionId)).toEqual(items.map(() => studio.sessionId));
});

test('separate sessions isolate failures too', async () => {
  const { nv, emulator } = measured({ renderMs: 20 });
  emulator.faults.inject({ kind: 'reset-stream', afterEvents: 1 }); // cut, but the run completes: still a video
  emulator.faults.inject({ kind: 'agent-error', afterEvents: 0 });
  const results = await new Studio(nv, { timings: FAST }).batch([1, 2, 3].map((n) => ({ instruction: script(n) })), { sessions: 'separate', concurrency: 1 });
  expect(results.map((r) => (r.ok ? 'ok' : `${r.stage}:${r.remedy.kind}`))).toEqual(['ok', 'chat:agent_error', 'ok']);
});

test("every update reaches onUpdate with its item's index (undefined for the shared session's own)", async () => {
  const { nv } = measured({ renderMs: 20, workMs: 0 });
  const seen: Array<[number | undefined, StudioUpdate]> = [];
  await new Studio(nv, { timings: FAST }).batch(
    [0, 1].map((n) => ({ file: fakeFile(`f${n}.png`), instruction: script(n) })),
    { onUpdate: (update, index) => seen.push([index, update]) },
  );
  expect(seen.filter(([i]) => i === undefined).map(([, u]) => u.message)).toEqual(['Setting things up…', 'Started a new project.', 'Connected.']);
  for (const index of [0, 1]) {
    const mine = seen.filter(([i]) => i === index).map(([, u]) => u);
    expect(mine.map((u) => (u.type === 'result' ? u.kind : undefined)).filter(Boolean)).toEqual(['upload', 'export']);
    expect(mine.some((u) => u.type === 'text')).toBe(true);
  }
});

test('a batch without valid items is refused before anything is sent', async () => {
  const { nv, emulator } = measured();
  await expect(new Studio(nv).batch([{ instruction: ' ' }])).rejects.toThrow('non-empty instruction');
  expect(emulator.requests).toEqual([]);
});

test('no session to share: every item fails at connect, with the remedy', async () => {
  const { nv, emulator } = measured();
  emulator.faults.inject({ kind: 'server-error', path: '/api/tasks/', status: 503 });
  const results = await new Studio(nv, { timings: FAST }).batch([1, 2].map((n) => ({ instruction: script(n) })));
  expect(results.map((r) => !r.ok && [r.index, r.stage, r.remedy.code])).toEqual([
    [0, 'connect', 503],
    [1, 'connect', 503],
  ]);
  expect(emulator.requests.filter((r) => r.path === '/run_sse')).toEqual([]);
});

const outcomes = (results: BatchResult[]) => results.map((r) => (r.ok ? 'ok' : `${r.stage}:${r.remedy.kind}`));
const SESSIONS = '/api/tasks/me/with-session/nemo_agent';

test("separate items are jobs: out of credits starts no new item, and a rerun with the batch's store resumes, with nothing done twice", async () => {
  const { nv, emulator, sent } = measured({ renderMs: 20, workMs: 0 });
  const studio = new Studio(nv, { timings: FAST });
  const store = memoryJobStore();
  const items = [1, 2, 3].map((n) => ({ file: fakeFile(`take${n}.png`), instruction: script(n) }));
  const seen: Array<[number | undefined, StudioUpdate]> = [];
  const options = { sessions: 'separate' as const, concurrency: 1, store, onUpdate: (u: StudioUpdate, i: number | undefined) => seen.push([i, u]) };
  emulator.faults.inject({ kind: 'no-credits', path: '/run_sse' }); // item 0's message is refused (it never ran)

  const first = await studio.batch(items, options);
  // the jobs' rule: after a 2001 no new item starts (before, each went on to try, and pay, by itself)
  expect(outcomes(first)).toEqual(['chat:no_credits', 'connect:no_credits', 'connect:no_credits']);
  expect(first[1]).toMatchObject({ sessionId: undefined, remedy: { message: expect.stringMatching(/^Not started: /) } });
  expect(emulator.requests.filter((r) => r.path === SESSIONS)).toHaveLength(1);
  expect(seen.filter(([, u]) => u.type === 'remedy').map(([i]) => i)).toEqual([0, 1, 2]);
  expect(await store.list()).toEqual(['item-0']);

  const second = await studio.batch(items, options);
  expect(outcomes(second)).toEqual(['ok', 'ok', 'ok']);
  // item 0 went on in its own session: its file was not uploaded again, and one more session per new item
  expect(second[0]!.sessionId).toBe(first[0]!.sessionId);
  expect(emulator.requests.filter((r) => r.path === SESSIONS)).toHaveLength(3);
  expect(emulator.requests.filter((r) => r.path.startsWith('/api/upload-video/'))).toHaveLength(3);
  expect(sent.chats).toEqual([items[0]!.instruction, ...items.map((item) => item.instruction)]); // the first was refused
  const updatesOf = (i: number) => seen.filter(([index]) => index === i).map(([, u]) => u.type);
  expect(updatesOf(2)).toEqual(expect.arrayContaining(['session', 'render_started', 'result']));

  // a third run: every item done, so nothing is sent at all
  const before = emulator.requests.length;
  expect(await studio.batch(items, options)).toEqual(second);
  expect(emulator.requests.length).toBe(before);
});

test('shared items are jobs too: out of credits starts no new item (the rest are not started, with the remedy), and a rerun with the store goes on in the one session', async () => {
  const { nv, emulator, sent } = measured({ renderMs: 20, workMs: 0 });
  const store = memoryJobStore();
  const items = [1, 2, 3, 4].map((n) => ({ instruction: script(n) }));
  const onUpdate = (update: StudioUpdate, index: number | undefined) => {
    // item 1's message is refused for credits (it never ran)
    if (index === 1 && update.message.startsWith('Sending message') && !sent.chats.includes(items[1]!.instruction)) {
      emulator.faults.inject({ kind: 'no-credits', path: '/run_sse' });
    }
  };
  const studio = new Studio(nv, { timings: FAST });
  const first = await studio.batch(items, { store, onUpdate });
  expect(outcomes(first)).toEqual(['ok', 'chat:no_credits', 'chat:no_credits', 'chat:no_credits']);
  expect(first[1]).toMatchObject({ remedy: { links: [{ label: 'Register' }] } });
  expect(first[2]).toMatchObject({ sessionId: studio.sessionId, remedy: { message: expect.stringMatching(/^Not started: /) } });
  expect(sent.chats).toEqual([items[0]!.instruction, items[1]!.instruction]); // nothing after the 2001

  // topped up: a new Studio (as after a restart) goes on in the batch's session, from the store
  const again = new Studio(nv, { timings: FAST });
  const second = await again.batch(items, { store, onUpdate });
  expect(outcomes(second)).toEqual(['ok', 'ok', 'ok', 'ok']);
  expect(second[0]).toEqual(first[0]); // done: reported as it was
  expect(again.sessionId).toBe(studio.sessionId);
  expect(emulator.requests.filter((r) => r.path === SESSIONS)).toHaveLength(1);
  // each sent once, but item 1's, whose first sending was refused (it never ran)
  expect(sent.chats).toEqual([0, 1, 1, 2, 3].map((i) => items[i]!.instruction));
  expect(sent.renderedTitles).toEqual(['Take 1', 'Take 2', 'Take 3', 'Take 4']);
});

test('a shared batch with a store resumes after an interruption: one session in all, no message sent twice, no second render of an item whose render was live', async () => {
  const { nv, emulator, sent } = measured({ renderMs: 60, workMs: 0 });
  const store = memoryJobStore();
  const items = [1, 2, 3].map((n) => ({ file: fakeFile(`take${n}.png`), instruction: script(n) }));
  const controller = new AbortController();
  const started = new Map<number, string>();
  const onUpdate = (update: StudioUpdate, index: number | undefined) => {
    if (update.type !== 'render_started' || index === undefined) return;
    started.set(index, update.renderId);
    // stopped as item 1's render is submitted: item 2 was waiting for its turn
    if (index === 1) controller.abort(new Error('stopped'));
  };
  const studio = new Studio(nv, { timings: FAST });
  await expect(studio.batch(items, { store, onUpdate, signal: controller.signal })).rejects.toThrow('stopped');
  expect(sent.chats).toEqual([items[0]!.instruction, items[1]!.instruction]);

  const again = new Studio(nv, { timings: FAST }); // a new process: nothing in memory but the store
  const results = await again.batch(items, { store, onUpdate });
  expect(outcomes(results)).toEqual(['ok', 'ok', 'ok']);
  expect(again.sessionId).toBe(studio.sessionId);
  expect(results.map((r) => r.sessionId)).toEqual(items.map(() => studio.sessionId));
  expect(emulator.requests.filter((r) => r.path === SESSIONS)).toHaveLength(1);
  expect(emulator.requests.filter((r) => r.path.startsWith('/api/upload-video/'))).toHaveLength(3);
  expect(sent.chats).toEqual(items.map((item) => item.instruction));
  // item 1's render was live at the stop: waited on, not made again
  expect(results[1]).toMatchObject({ renderId: started.get(1) });
  expect(sent.renderedTitles).toEqual(['Take 1', 'Take 2', 'Take 3']);
});

test('separate: a file given as a stream is uploaded (read first, as a job may upload it again); a bad file fails its item at upload, before a session is made for it', async () => {
  const { nv, emulator } = measured({ renderMs: 20, workMs: 0 });
  const stream = new Blob([new TextEncoder().encode('bytes of clip.mp4')]).stream();
  const items = [
    { file: fakeFile('notes.txt'), instruction: script(1) },
    { file: { file: stream, filename: 'clip.mp4' }, instruction: script(2) },
  ];
  const results = await new Studio(nv, { timings: FAST }).batch(items, { sessions: 'separate' });
  expect(outcomes(results)).toEqual(['upload:unsupported_file', 'ok']);
  expect(results[0]).toMatchObject({ sessionId: undefined, remedy: { message: expect.stringMatching(/^notes\.txt: /) } });
  expect(emulator.requests.filter((r) => r.path === SESSIONS)).toHaveLength(1);
  expect(emulator.requests.filter((r) => r.path.startsWith('/api/upload-video/'))).toHaveLength(1);
});

test('shared: a 429 the client surfaced pauses every item (the run\'s rule), and the refused message is sent again once', async () => {
  const { nv, emulator, sent } = measured({ renderMs: 20, workMs: 0 });
  // twice: the client waits out the first by itself, the second reaches the run
  emulator.faults.inject({ kind: 'rate-limit', path: '/run_sse', retryAfter: 1, times: 2 });
  const seen: Array<[number | undefined, StudioUpdate]> = [];
  const items = [1, 2].map((n) => ({ instruction: script(n) }));
  const results = await new Studio(nv, { timings: FAST }).batch(items, { onUpdate: (u, i) => seen.push([i, u]) });
  expect(outcomes(results)).toEqual(['ok', 'ok']);
  expect(seen.filter(([, u]) => u.message.startsWith('Rate limited: every job of the run waits 1 s.')).map(([i]) => i)).toEqual([0]);
  expect(sent.chats).toEqual([items[0]!.instruction, items[0]!.instruction, items[0]!.instruction, items[1]!.instruction]); // two refused, never run
  expect(emulator.requests.filter((r) => r.path === '/run_sse' && r.status === 200)).toHaveLength(2);
});
