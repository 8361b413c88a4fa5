/**
 * The jobs suite's setup: an emulator on the real clock (renders finish after `renderMs` real ms), clients
 * wired to it through `fetch` with a registered user's token, and a log of what reached it per session (the
 * emulator's own log has no bodies).
 */
import { NemoVideo, type ClientOptions } from '../../../src/index.js';
import type { JobRecord, JobStore, JobTimings } from '../../../src/jobs/index.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../src/testing/index.js';

export const JOBS_URL = 'https://emulator.test';

/** Every wait of a job in milliseconds, so a test takes as long as its work. */
export const FAST: JobTimings = { firstPoll: 5, pollEvery: 5, maxPolls: 2, renderInterval: 5, renderMaxDuration: 10_000, rateLimitPause: 30 };

/** One request as the emulator got it, with what the tests need of its body. */
export interface Sent {
  method: string;
  path: string;
  /** The session it was about (path or body), when it names one. */
  sessionId?: string | undefined;
  /** The chat's message, the render's id, or the URLs uploaded. */
  detail?: string | undefined;
  /** The HTTP status answered. */
  status: number;
  /** performance.now() when it arrived. */
  at: number;
}

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
  const sent: Sent[] = [];
  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const entry: Sent = { method: request.method, path: url.pathname, status: 0, at: performance.now() };
    sent.push(entry);
    const body = request.method === 'POST' && /json/.test(request.headers.get('content-type') ?? '') ? await request.clone().json().catch(() => undefined) : undefined;
    entry.sessionId = /\/me\/([^/]+)/.exec(url.pathname)?.[1] ?? body?.session_id ?? body?.sessionId;
    entry.detail = body?.new_message?.parts?.[0]?.text ?? (url.pathname === '/api/render/proxy/lambda' ? body?.id : undefined) ?? body?.urls?.join(' ');
    const response = await emulator.handle(request);
    entry.status = response.status;
    if (url.pathname.startsWith('/api/tasks/') && response.ok) entry.sessionId = (await response.clone().json()).data.session_id;
    return response;
  };
  const client = ({ wrap, ...more }: ClientOptions & { wrap?: Wrap } = {}) =>
    new NemoVideo({
      baseURL: JOBS_URL,
      token,
      maxRetries: 0,
      fetch: (input, init) => (wrap ? wrap(new Request(input, init), handle) : handle(new Request(input, init))),
      ...more,
    });
  const of = (sessionId: string, test: (s: Sent) => boolean) => sent.filter((s) => s.sessionId === sessionId && test(s));
  return {
    emulator,
    client,
    sent,
    sessions: () => sent.filter((s) => s.path.startsWith('/api/tasks/') && s.status === 200).map((s) => s.sessionId!),
    uploads: (sessionId) => of(sessionId, (s) => s.path.startsWith('/api/upload-video/') && s.status === 200),
    chats: (sessionId) => of(sessionId, (s) => s.path === '/run_sse' && s.status === 200).map((s) => s.detail!),
    renders: (sessionId) => of(sessionId, (s) => s.path === '/api/render/proxy/lambda' && s.method === 'POST').map((s) => s.detail!),
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
