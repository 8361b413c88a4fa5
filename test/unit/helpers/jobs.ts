/**
 * The jobs suite's setup: an emulator on the real clock (renders finish after `renderMs` real ms), clients
 * wired to it through `fetch` with a registered user's token, and a log of what reached it per session
 * (test/helpers/session-log.ts: the emulator's own log has no bodies).
 */
import { NemoVideo, type ClientOptions } from '../../../src/index.js';
import type { JobRecord, JobStore, JobTimings } from '../../../src/jobs/index.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../src/testing/index.js';
import { sessionLog, type Sent } from '../../helpers/session-log.js';

export const JOBS_URL = 'https://emulator.test';

/** Every wait of a job in milliseconds, so a test takes as long as its work. */
export const FAST: JobTimings = { firstPoll: 5, pollEvery: 5, maxPolls: 2, renderInterval: 5, renderMaxDuration: 10_000, rateLimitPause: 30 };

export type { Sent };

type Wrap = (request: Request, next: (r: Request) => Promise<Response>) => Promise<Response>;

export interface JobsSetup {
  emulator: Emulator;
  /** A new client on the emulator (each with its own fetch log entries, all in `sent`); same user as the others. */
  client(options?: ClientOptions & { wrap?: Wrap }): NemoVideo;
  /** Every request, oldest first. */
  sent: Sent[];
  /** Sessions created (answered 200). */
  sessions(): string[];
  /** Uploads into a session (multipart or URLs) that the emulator accepted. */
  uploads(sessionId: string): Sent[];
  /** Messages the emulator's chat took in a session (answered 200: a refused one never ran), in order. */
  chats(sessionId: string): string[];
  /** Render ids submitted for a session (any answer), in order. */
  renders(sessionId: string): string[];
}

export function jobsSetup(options: EmulatorOptions = {}): JobsSetup {
  const emulator = createEmulator({ renderMs: 20, credits: 100_000, silentEditRate: 0, workMs: 0, delayMs: 0, keepAliveMs: 0, ...options });
  const { token } = emulator.createUser({ credits: 100_000, anonymous: false });
  const log = sessionLog(emulator);
  const client = ({ wrap, ...more }: ClientOptions & { wrap?: Wrap } = {}) =>
    new NemoVideo({
      baseURL: JOBS_URL,
      token,
      maxRetries: 0,
      fetch: (input, init) => (wrap ? wrap(new Request(input, init), log.handle) : log.handle(new Request(input, init))),
      ...more,
    });
  return {
    emulator,
    client,
    sent: log.sent,
    sessions: () => log.sessions(),
    uploads: (sessionId) => log.uploads(sessionId),
    chats: (sessionId) => log.chats(sessionId),
    renders: (sessionId) => log.renders(sessionId),
  };
}

/** The bytes of a small file named as that type (the emulator takes unreadable headers for plausible media). */
export const fakeImage = (filename: string) => ({ file: new TextEncoder().encode(`bytes of ${filename}`), filename });

/** A store that fails, as a crashed process would, right after its `crashAfter`-th write has landed. */
export function crashingStore(inner: JobStore, crashAfter: number): JobStore & { writes: number } {
  const store = {
    writes: 0,
    get: (id: string) => inner.get(id),
    async set(id: string, record: JobRecord) {
      await inner.set(id, record);
      store.writes += 1;
      if (store.writes === crashAfter) throw new Crash(`crash after write ${crashAfter} (${record.checkpoint})`);
    },
  };
  return store;
}

/** The error a crashing store throws: stands for the process dying. */
export class Crash extends Error {
  override name = 'Crash';
}
