import { expect, test } from 'vitest';
import { NemoVideo } from '../../../src/index.js';
import { Studio } from '../../../src/studio/index.js';
import { chatsSent, FAST, GENERATE, ofType, STUDIO_URL, studioSetup, updatesOf } from '../helpers/studio.js';

test('iterative: a rough cut today, refined tomorrow in a new Studio (and a new client) by session id', async () => {
  const { emulator } = studioSetup();
  const { token } = emulator.createUser({ credits: 10_000 });
  const client = () => new NemoVideo({ baseURL: STUDIO_URL, token, maxRetries: 0, fetch: (input, init) => emulator.handle(new Request(input, init)) });

  const today = new Studio(client(), { timings: FAST });
  await updatesOf(today.say(GENERATE));
  const saved = today.sessionId!;

  const tomorrow = new Studio(client(), { sessionId: saved, timings: FAST });
  const connected = await updatesOf(tomorrow.connect());
  expect(ofType(connected, 'session')).toMatchObject([{ sessionId: saved, resumed: true }]);
  expect(ofType(connected, 'timeline')[0]!.summary).toMatch(/^Timeline \(4 tracks\): .*BGM: Ambient \(0-10s, 35%\)/);

  await updatesOf(tomorrow.say('add jazz music'));
  await updatesOf(tomorrow.say('make it 5 seconds'));
  const [status] = ofType(await updatesOf(tomorrow.say('status')), 'timeline');
  expect(status!.summary).toMatch(/BGM: Jazz \(0-5s, 35%\)/);
  expect(tomorrow.sessionId).toBe(saved);
  expect(chatsSent(emulator)).toBe(3);

  // and the first Studio sees the same timeline: it lives on the server, not in a Studio
  const [seen] = ofType(await updatesOf(today.say('状态')), 'timeline');
  expect(seen!.summary).toBe(status!.summary);

  const [exported] = ofType(await updatesOf(tomorrow.say('export')), 'result');
  expect(exported).toMatchObject({ kind: 'export', url: expect.stringMatching(/\.mp4$/) });
});

test('a session lost mid-project: the new id is announced, so the app can save it', async () => {
  const { emulator, nv } = studioSetup();
  const studio = new Studio(nv, { timings: FAST });
  await updatesOf(studio.say(GENERATE));
  const before = studio.sessionId;
  emulator.faults.inject({ kind: 'lost-session' });
  const [session] = ofType(await updatesOf(studio.say('add jazz music')), 'session');
  expect(session).toMatchObject({ replaced: before, sessionId: studio.sessionId, resumed: false });
  const resumed = new Studio(nv, { sessionId: session!.sessionId, timings: FAST });
  expect(ofType(await updatesOf(resumed.connect()), 'session')).toMatchObject([{ resumed: true, sessionId: session!.sessionId }]);
});
