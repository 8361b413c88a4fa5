import { expect, test } from 'vitest';
import { NemoVideo } from '../../../src/index.js';
import { Studio } from '../../../src/studio/index.js';
import { chatsSent, FAST, GENERATE, ofType, sessionsCreated, STUDIO_URL, studioSetup, updatesOf } from '../helpers/studio.js';

test('connect: "Setting things up…", a new session, "Connected." — a token and a session, and nothing else', async () => {
  const { emulator, nv } = studioSetup();
  const studio = new Studio(nv, { timings: FAST });
  const updates = await updatesOf(studio.connect());
  expect(updates.map((u) => u.type)).toEqual(['status', 'session', 'status']);
  expect(updates[0]!.message).toBe('Setting things up…');
  expect(updates[1]).toMatchObject({ type: 'session', resumed: false, sessionId: studio.sessionId });
  expect(updates[2]!.message).toBe('Connected.');
  expect(emulator.requests.map((r) => r.path)).toEqual(['/api/auth/anonymous-token', '/api/tasks/me/with-session/nemo_agent']);
  // connected once: later calls go straight to work
  expect(await updatesOf(studio.connect())).toEqual([]);
});

test('the first say() connects by itself, once, however many calls start together', async () => {
  const { emulator, nv } = studioSetup();
  const studio = new Studio(nv, { timings: FAST });
  const [a, b] = await Promise.all([updatesOf(studio.say('status')), updatesOf(studio.say('状态'))]);
  expect([...a, ...b].filter((u) => u.type === 'session')).toHaveLength(1);
  expect(sessionsCreated(emulator)).toBe(1);
  expect(ofType(a, 'timeline')).toHaveLength(1);
  expect(ofType(b, 'timeline')).toHaveLength(1);
});

test('credits belong to the token: read without a session, none created or resumed', async () => {
  const { emulator, nv } = studioSetup();
  const studio = new Studio(nv, { sessionId: '999999', timings: FAST });
  expect(await updatesOf(studio.credits())).toEqual([
    { type: 'result', kind: 'credits', credits: { available: 10_000, frozen: 0, total: 10_000 }, message: 'You have 10000 credits.' },
  ]);
  expect(ofType(await updatesOf(studio.say('余额')), 'result')).toHaveLength(1);
  expect(emulator.requests.map((r) => r.path)).toEqual(['/api/auth/anonymous-token', '/api/credits/balance/simple', '/api/credits/balance/simple']);
  expect(studio.sessionId).toBeUndefined();
  // …and a failure is still a remedy, not a throw, with no session either.
  emulator.faults.inject({ kind: 'server-error', path: '/api/credits', status: 500 });
  expect(await updatesOf(studio.credits())).toEqual([expect.objectContaining({ type: 'remedy', kind: 'error', code: 500 })]);
  expect(sessionsCreated(emulator)).toBe(0);
});

test('no update ever shows a token or raw JSON', async () => {
  const { emulator } = studioSetup();
  const { token } = emulator.createUser({ credits: 10_000 });
  const nv = new NemoVideo({ baseURL: STUDIO_URL, token, maxRetries: 0, fetch: (input, init) => emulator.handle(new Request(input, init)) });
  const studio = new Studio(nv, { timings: FAST });
  emulator.faults.inject({ kind: 'server-error', path: '/api/credits', status: 500 });
  const updates = [
    ...(await updatesOf(studio.say(GENERATE))),
    ...(await updatesOf(studio.say('credits'))), // fails: a remedy, in words
    ...(await updatesOf(studio.say('status'))),
    ...(await updatesOf(studio.say('export'))),
  ];
  expect(updates.some((u) => u.type === 'remedy')).toBe(true);
  for (const update of updates) {
    expect(update.message).not.toContain(token);
    expect(update.message).not.toMatch(/nmv_|[{[]"/);
  }
  expect(JSON.stringify(updates.map(({ ...u }) => ('error' in u ? { ...u, error: String(u.error) } : u)))).not.toContain(token);
});

test('resuming a session by id reads its state and shows its timeline; nothing new is created', async () => {
  const { emulator, nv } = studioSetup();
  const first = new Studio(nv, { timings: FAST });
  await updatesOf(first.say(GENERATE));
  const sessions = sessionsCreated(emulator);

  const again = new Studio(nv, { sessionId: first.sessionId, timings: FAST });
  const updates = await updatesOf(again.connect());
  expect(updates.map((u) => u.type)).toEqual(['status', 'session', 'timeline', 'status']);
  expect(updates[1]).toMatchObject({ sessionId: first.sessionId, resumed: true, message: 'Resumed your project.' });
  expect(ofType(updates, 'timeline')[0]!.summary).toMatch(/^Timeline \(4 tracks\): 1\. Video: .* \(0-10s\)/);
  expect(sessionsCreated(emulator)).toBe(sessions);
  expect(chatsSent(emulator)).toBe(1);
});

test('a resumed id that is gone: a new session, and an update saying so', async () => {
  const { nv } = studioSetup();
  const studio = new Studio(nv, { sessionId: '999999', timings: FAST });
  const updates = await updatesOf(studio.connect());
  expect(updates.map((u) => u.message)).toEqual([
    'Setting things up…',
    'The project 999999 was not found (it may have expired): starting a new one.',
    'Started a new project.',
    'Connected.',
  ]);
  expect(studio.sessionId).toMatch(/^\d+$/);
  expect(studio.sessionId).not.toBe('999999');
});

test('a failed setup is a remedy, not a throw, and the next call tries again', async () => {
  const { emulator, nv } = studioSetup();
  const studio = new Studio(nv, { timings: FAST });
  emulator.faults.inject({ kind: 'server-error', path: '/api/tasks/', status: 503 });
  const failed = await updatesOf(studio.say('status'));
  expect(failed.at(-1)).toMatchObject({ type: 'remedy', kind: 'error', code: 503 });
  expect(studio.sessionId).toBeUndefined();
  const retried = await updatesOf(studio.say('status'));
  expect(ofType(retried, 'timeline')).toHaveLength(1);
  expect(studio.sessionId).toBeDefined();
});

test('the session language goes to the new session', async () => {
  const { emulator } = studioSetup();
  const seen: string[] = [];
  const studio = new Studio(
    new NemoVideo({
      baseURL: STUDIO_URL,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.url.includes('/api/tasks/')) seen.push((await request.clone().json()).language);
        return emulator.handle(request);
      },
    }),
    { language: 'zh-CN' },
  );
  await updatesOf(studio.connect());
  expect(seen).toEqual(['zh-CN']);
});
