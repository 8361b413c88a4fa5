/**
 * The emulator over HTTP with a log of what each request was about: the session it names, and the chat's
 * message or the render's id. The emulator's own log has no bodies; tests of work spread over child
 * processes (whose `fetch` they cannot wrap) read this one instead.
 */
import { createEmulator, tinyRenderer, type Emulator, type EmulatorOptions } from '../../../src/testing/index.js';
import { serve } from '../../../src/testing/server/serve.js';

/** One request as the emulator got it. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** The session it was about (path, body, or a new session's answer), when it names one. */
  sessionId?: string | undefined;
  /** The chat's message, or the render's id. */
  detail?: string | undefined;
  /** The HTTP status answered. */
  status: number;
}

/** A running logged emulator. */
export interface LoggedEmulator {
  url: string;
  emulator: Emulator;
  /** Every request, oldest first. */
  log: LoggedRequest[];
  /** Sessions created (answered 200), in order. */
  sessions(): string[];
  /** Messages the chat took in a session (answered 200: a refused one never ran), in order. */
  chats(sessionId: string): string[];
  /** Render ids submitted, for one session or all (any answer), in order. */
  renders(sessionId?: string): string[];
  close(): Promise<void>;
}

/** Starts the emulator (tiny renders) on 127.0.0.1, on a free port. */
export async function startLoggedEmulator(options: EmulatorOptions = {}): Promise<LoggedEmulator> {
  const emulator = createEmulator({ renderer: tinyRenderer, ...options });
  const log: LoggedRequest[] = [];
  const server = await serve(async (request) => {
    const url = new URL(request.url);
    const entry: LoggedRequest = { method: request.method, path: url.pathname, status: 0 };
    log.push(entry);
    const json = request.method === 'POST' && /json/.test(request.headers.get('content-type') ?? '');
    const body = json ? await request.clone().json().catch(() => undefined) : undefined;
    entry.sessionId = /\/me\/([^/]+)/.exec(url.pathname)?.[1] ?? body?.session_id ?? body?.sessionId;
    entry.detail = body?.new_message?.parts?.[0]?.text ?? (url.pathname === '/api/render/proxy/lambda' ? body?.id : undefined);
    const response = await emulator.handle(request);
    entry.status = response.status;
    if (url.pathname.startsWith('/api/tasks/') && response.ok) entry.sessionId = (await response.clone().json()).data.session_id;
    return response;
  });
  const of = (test: (r: LoggedRequest) => boolean) => log.filter(test);
  return {
    url: server.url,
    emulator,
    log,
    sessions: () => of((r) => r.path.startsWith('/api/tasks/') && r.status === 200).map((r) => r.sessionId!),
    chats: (sessionId) => of((r) => r.sessionId === sessionId && r.path === '/run_sse' && r.status === 200).map((r) => r.detail!),
    renders: (sessionId) =>
      of((r) => r.path === '/api/render/proxy/lambda' && r.method === 'POST' && (sessionId === undefined || r.sessionId === sessionId)).map((r) => r.detail!),
    close: () => server.close(),
  };
}
