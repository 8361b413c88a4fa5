/**
 * What reached an emulator, per session: its own request log has no bodies, so this wraps its `handle` and
 * keeps, for each request, the session it was about and what it carried (the chat's message, the render's
 * id). Serve the wrapped handler over HTTP, or use it as a client's `fetch`.
 */
import type { Emulator } from '../../src/testing/index.js';

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

/** An emulator's handler that logs, and the questions tests ask of the log. */
export interface SessionLog {
  /** The emulator's `handle`, logging each request. */
  handle(request: Request): Promise<Response>;
  /** Every request, oldest first. */
  sent: Sent[];
  /** Sessions created (answered 200), from index `since` of `sent`. */
  sessions(since?: number): string[];
  /** Uploads into a session (multipart or URLs) that the emulator accepted. */
  uploads(sessionId: string, since?: number): Sent[];
  /** Messages the chat took in a session (answered 200: a refused one never ran), in order. */
  chats(sessionId: string, since?: number): string[];
  /** Render ids submitted for a session, or for every session when it is undefined (any answer), in order. */
  renders(sessionId?: string, since?: number): string[];
  /** Every request about a session. */
  about(sessionId: string, since?: number): Sent[];
}

/** Wraps `emulator.handle` with a log of what each request carried. */
export function sessionLog(emulator: Emulator): SessionLog {
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
  const of = (since: number, sessionId: string, test: (s: Sent) => boolean) => sent.slice(since).filter((s) => s.sessionId === sessionId && test(s));
  return {
    handle,
    sent,
    sessions: (since = 0) => sent.slice(since).filter((s) => s.path.startsWith('/api/tasks/') && s.status === 200).map((s) => s.sessionId!),
    uploads: (sessionId, since = 0) => of(since, sessionId, (s) => s.path.startsWith('/api/upload-video/') && s.status === 200),
    chats: (sessionId, since = 0) => of(since, sessionId, (s) => s.path === '/run_sse' && s.status === 200).map((s) => s.detail!),
    renders: (sessionId, since = 0) =>
      sent
        .slice(since)
        .filter((s) => s.path === '/api/render/proxy/lambda' && s.method === 'POST' && (sessionId === undefined || s.sessionId === sessionId))
        .map((s) => s.detail!),
    about: (sessionId, since = 0) => of(since, sessionId, () => true),
  };
}
