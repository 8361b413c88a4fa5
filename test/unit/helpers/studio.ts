import { onTestFinished, vi } from 'vitest';
import { NemoVideo, type ClientOptions } from '../../../src/index.js';
import { type StudioTimings, type StudioUpdate } from '../../../src/studio/index.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../src/testing/index.js';

/** The base URL Studio tests point the client at; requests go to the emulator through `fetch`. */
export const STUDIO_URL = 'https://emulator.test';

/** Every Studio wait in milliseconds, so a test takes as long as its work; tests override what they probe. */
export const FAST: StudioTimings = {
  stillWorkingAfter: 60_000,
  stallAfter: 60_000,
  firstPoll: 5,
  pollEvery: 5,
  maxPolls: 3,
  renderInterval: 5,
  renderMaxDuration: 10_000,
};

/** A script the emulator turns into a two-scene video. */
export const GENERATE = 'generate a 10-second video from this script: Cities never sleep. Lights flicker across the skyline.';

/**
 * An emulator on the real clock (renders finish after `renderMs` real ms) with credits to spare, and a client
 * wired to it through `fetch`, which `wrap` may stand between (to count or delay requests). NEMO_TOKEN is
 * blanked so the client gets an anonymous token from the emulator, as a first run does.
 */
export function studioSetup(
  options: EmulatorOptions = {},
  { wrap, ...clientOptions }: ClientOptions & { wrap?: (request: Request, next: (r: Request) => Promise<Response>) => Promise<Response> } = {},
): { emulator: Emulator; nv: NemoVideo } {
  vi.stubEnv('NEMO_TOKEN', '');
  onTestFinished(() => void vi.unstubAllEnvs());
  const emulator = createEmulator({ renderMs: 20, credits: 10_000, silentEditRate: 0, ...options });
  const handle = (request: Request) => emulator.handle(request);
  const nv = new NemoVideo({
    baseURL: STUDIO_URL,
    maxRetries: 0,
    fetch: (input, init) => (wrap ? wrap(new Request(input, init), handle) : handle(new Request(input, init))),
    ...clientOptions,
  });
  return { emulator, nv };
}

/** Every update of a Studio call, in order. */
export async function updatesOf(updates: AsyncIterable<StudioUpdate>): Promise<StudioUpdate[]> {
  const all: StudioUpdate[] = [];
  for await (const update of updates) all.push(update);
  return all;
}

/** The updates of one type, narrowed. */
export const ofType = <T extends StudioUpdate['type']>(updates: StudioUpdate[], type: T) =>
  updates.filter((u): u is Extract<StudioUpdate, { type: T }> => u.type === type);

/** How many chat messages reached the emulator (any answer). */
export const chatsSent = (emulator: Emulator) => emulator.requests.filter((r) => r.path === '/run_sse').length;

/** How many sessions were created on the emulator (any answer): new ones and renewals. */
export const sessionsCreated = (emulator: Emulator) => emulator.requests.filter((r) => r.path.startsWith('/api/tasks/')).length;

/** A few bytes named as a file of that type (the emulator takes unreadable headers for plausible media). */
export const fakeFile = (filename: string) => ({ file: new TextEncoder().encode(`bytes of ${filename}`), filename });
