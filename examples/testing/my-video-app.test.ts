// A runnable example of testing your own code against the NemoVideo emulator, offline, with msw.
// docs/testing.md walks through it. It runs in this repo's test suite, against the built package.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { InsufficientCreditsError, NemoVideo } from 'nemo-video';
import { createEmulator, manualClock } from 'nemo-video/testing';
import { emulatorHandlers } from 'nemo-video/testing/msw';

// --- the code under test: what your app does with the SDK ---------------------------------------------
async function makeVideo(nv: NemoVideo, script: string): Promise<{ url: string; summary: string }> {
  const session = await nv.sessions.create();
  const summary = await nv.chat.stream(session.id, `generate a 10-second video from this script: ${script}`).finalText();
  const { url } = await nv.export(session.id, { interval: 10, onProgress: () => clock.advance(1_000) });
  return { url, summary };
}

// --- the test set-up: one emulator, served to fetch by msw at a made-up base URL ----------------------
const BASE_URL = 'https://nemovideo.test';
const clock = manualClock(); // render jobs progress as the test advances this clock
const emulator = createEmulator({ clock });
const server = setupServer(...emulatorHandlers(emulator, BASE_URL));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.faults.clear());
afterAll(() => server.close());

const client = () => new NemoVideo({ baseURL: BASE_URL });

test('a script becomes a downloadable MP4', async () => {
  const { url, summary } = await makeVideo(client(), 'A lighthouse at dawn. Waves roll in.');
  expect(summary).toMatch(/10-second/);
  const bytes = new Uint8Array(await new Response(await client().download(url)).arrayBuffer());
  expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('ftyp'); // an MP4
});

test('running out of credits surfaces a typed error with the registration link', async () => {
  emulator.faults.inject({ kind: 'no-credits' });
  const error = await makeVideo(client(), 'Rain on a tin roof.').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InsufficientCreditsError);
  expect((error as InsufficientCreditsError).registrationUrl).toContain('bind=anon_');
});

test('a brief outage is retried by the SDK without the app noticing', async () => {
  const outage = emulator.faults.inject({ kind: 'server-error', times: 2, method: 'GET' });
  await expect(client().credits.balance()).resolves.toMatchObject({ available: expect.any(Number) });
  expect(outage.hits).toBe(2);
});
