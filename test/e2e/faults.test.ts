/**
 * Every fault of the emulator (src/testing/faults.ts), played over real HTTP, against the SDK's documented
 * behaviour: what it recovers from by itself (and how many requests that takes), what it surfaces as which
 * error, and what it never sends twice. Each test uses a new anonymous client, so each is its own user.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  APIError,
  AuthenticationError,
  ExportBlockedError,
  InsufficientCreditsError,
  RateLimitError,
  ResponseValidationError,
  SessionNotFoundError,
  StreamError,
  type NemoVideo,
  type Session,
} from '../../src/index.js';
import { collect, collectUntilError, contentOf, GENERATE } from './helpers/events.js';
import { callsTo, PATHS, useEmulatorServer } from './helpers/server.js';

const server = useEmulatorServer({ render: 'tiny', renderMs: 300 });

/** The two ways the service may send an error code: with its 4xx status, or inside an HTTP 200. */
const VARIANTS = [
  { http200: false, label: 'with its 4xx status' },
  { http200: true, label: 'inside an HTTP 200' },
] as const;

/** Defines the test once per variant, titled `<variant>: <title>`. */
function eachVariant(title: string, test: (variant: { http200: boolean }) => Promise<void>): void {
  for (const { http200, label } of VARIANTS) it(`${label}: ${title}`, () => test({ http200 }));
}

/**
 * A new anonymous client that has made one call (so it holds a token); `start` is where the request log
 * stood before its first call, `since` where it stood after it.
 */
async function warmClient(): Promise<{ nv: NemoVideo; start: number; since: number }> {
  const start = server.emulator.requests.length;
  const nv = server.client();
  await nv.credits.balance();
  return { nv, start, since: server.emulator.requests.length };
}

/** A new anonymous client with a new session, and where the request log stood after it was made. */
async function withSession(): Promise<{ nv: NemoVideo; session: Session; since: number }> {
  const { nv } = await warmClient();
  const session = await nv.sessions.create();
  return { nv, session, since: server.emulator.requests.length };
}

/** A new anonymous client with a session whose timeline has been generated. */
async function withTimeline(): Promise<{ nv: NemoVideo; sessionId: string }> {
  const nv = server.client();
  const session = await nv.sessions.create();
  await nv.chat.stream(session.id, GENERATE).finalText();
  return { nv, sessionId: session.id };
}

/** What `promise` rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`Expected a rejection, got ${JSON.stringify(value)?.slice(0, 200)}`);
    },
    (error: unknown) => error,
  );
}

/** The statuses of the requests on `path` since `since`. */
const statuses = (path: string, since: number, method?: string) => callsTo(server.emulator, path, { since, method }).map((r) => r.status);

describe('expired token (1001)', () => {
  eachVariant('a new anonymous token is acquired once and the call succeeds', async ({ http200 }) => {
    const { nv, start, since } = await warmClient();
    server.emulator.faults.inject({ kind: 'expired-token', http200 });
    await expect(nv.credits.balance()).resolves.toMatchObject({ available: 100 });
    expect(statuses(PATHS.anonymousToken, start)).toEqual([200, 200]); // its first token, then the one renewal
    expect(statuses(PATHS.anonymousToken, since)).toEqual([200]);
    expect(statuses(PATHS.credits, since)).toEqual([http200 ? 200 : 401, 200]);
  });

  eachVariant('on the chat, renewed once, and the turn goes through', async ({ http200 }) => {
    const { nv, since } = await warmClient();
    const session = await nv.sessions.create();
    server.emulator.faults.inject({ kind: 'expired-token', http200, path: PATHS.chat });
    await expect(nv.chat.stream(session.id, 'hello').finalText()).resolves.not.toBe('');
    expect(statuses(PATHS.anonymousToken, since)).toEqual([200]);
    expect(statuses(PATHS.chat, since)).toEqual([http200 ? 200 : 401, 200]);
  });

  it('a token you gave is never renewed: AuthenticationError after one request', async () => {
    const { token } = server.emulator.createUser({ anonymous: false, credits: 1_000 });
    const nv = server.client({ token });
    const since = server.emulator.requests.length;
    server.emulator.faults.inject({ kind: 'expired-token' });
    const error = await rejection(nv.credits.balance());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe(1001);
    expect(JSON.stringify(error) + String(error)).not.toContain(token);
    expect(statuses(PATHS.anonymousToken, since)).toEqual([]);
    expect(statuses(PATHS.credits, since)).toEqual([401]);
  });
});

describe('lost session (1002)', () => {
  eachVariant('on the state → SessionNotFoundError, not retried', async ({ http200 }) => {
    const { nv, session, since } = await withSession();
    server.emulator.faults.inject({ kind: 'lost-session', http200 });
    const error = await rejection(nv.state.get(session.id));
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect(error).toMatchObject({ code: 1002, status: http200 ? 200 : 404 });
    expect(statuses(PATHS.state(session.id), since)).toEqual([http200 ? 200 : 404]);
  });

  eachVariant('on the chat → SessionNotFoundError; the message is not sent again', async ({ http200 }) => {
    const { nv, session, since } = await withSession();
    server.emulator.faults.inject({ kind: 'lost-session', http200 });
    await expect(nv.chat.stream(session.id, GENERATE).finalText()).rejects.toBeInstanceOf(SessionNotFoundError);
    expect(statuses(PATHS.chat, since)).toEqual([http200 ? 200 : 404]);
  });
});

describe('no credits (2001)', () => {
  eachVariant('InsufficientCreditsError with a bind=anon_ registration link, sent once', async ({ http200 }) => {
    const { nv, session, since } = await withSession();
    server.emulator.faults.inject({ kind: 'no-credits', http200 });
    const error = await rejection(nv.chat.stream(session.id, GENERATE).finalText());
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect((error as InsufficientCreditsError).registrationUrl).toContain(`bind=${session.userId}`);
    expect((error as InsufficientCreditsError).registrationUrl).toContain('bind=anon_');
    expect(statuses(PATHS.chat, since)).toEqual([http200 ? 200 : 402]);
  });
});

describe('export blocked (402)', () => {
  eachVariant('ExportBlockedError; the render is submitted once', async ({ http200 }) => {
    const { nv, sessionId } = await withTimeline();
    const since = server.emulator.requests.length;
    server.emulator.faults.inject({ kind: 'export-blocked', http200 });
    await expect(nv.export(sessionId, { interval: 50 })).rejects.toBeInstanceOf(ExportBlockedError);
    expect(statuses(PATHS.renders, since, 'POST')).toEqual([http200 ? 200 : 402]);
  });
});

describe('rate limit (429)', () => {
  it('with Retry-After: 0 → waited out, one retry, success', async () => {
    const { nv, since } = await warmClient();
    server.emulator.faults.inject({ kind: 'rate-limit', retryAfter: 0 });
    await expect(nv.credits.balance()).resolves.toMatchObject({ available: 100 });
    expect(statuses(PATHS.credits, since)).toEqual([429, 200]);
  });

  it('twice in a row → RateLimitError after exactly 2 requests', async () => {
    const { nv, since } = await warmClient();
    server.emulator.faults.inject({ kind: 'rate-limit', retryAfter: 0, times: 2 });
    const error = await rejection(nv.credits.balance());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(0);
    expect(statuses(PATHS.credits, since)).toEqual([429, 429]);
  });
});

describe('server errors (5xx)', () => {
  it('a burst on a GET is retried with backoff and the call succeeds', async () => {
    const { nv, since } = await warmClient();
    const burst = server.emulator.faults.inject({ kind: 'server-error', times: 2, method: 'GET', path: PATHS.credits });
    await expect(nv.credits.balance()).resolves.toMatchObject({ available: 100 });
    expect(burst.hits).toBe(2);
    expect(statuses(PATHS.credits, since)).toEqual([503, 503, 200]);
  });

  it('on the session-create POST it is surfaced after exactly 1 request (a create is never repeated)', async () => {
    const { nv, since } = await warmClient();
    server.emulator.faults.inject({ kind: 'server-error', status: 500, path: PATHS.createSession });
    const error = await rejection(nv.sessions.create());
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(500);
    expect(statuses(PATHS.createSession, since)).toEqual([500]);
  });
});

describe('stream faults: a StreamError, the message never sent twice, the run still lands on the server', () => {
  /** The state shows the generated 30 s timeline once the server-side run has finished (polled, not slept). */
  async function expectRunLanded(nv: NemoVideo, sessionId: string) {
    await vi.waitFor(async () => expect((await nv.state.get(sessionId)).draft?.durationMs).toBe(30_000), { interval: 25, timeout: 5_000 });
  }

  it('stalled stream (headers, then silence) → StreamError after stallAfter', async () => {
    const { nv, session, since } = await withSession();
    server.emulator.faults.inject({ kind: 'stalled-stream' });
    const { events, error } = await collectUntilError(nv.chat.stream(session.id, GENERATE, { stallAfter: 150 }));
    expect(error).toBeInstanceOf(StreamError);
    expect(contentOf(events)).toEqual([]);
    expect(statuses(PATHS.chat, since)).toEqual([200]);
    await expectRunLanded(nv, session.id);
    expect(statuses(PATHS.chat, since)).toEqual([200]);
  });

  it('heartbeats only → heartbeat events, then StreamError: keep-alives are not progress', async () => {
    const { nv, session, since } = await withSession();
    server.emulator.faults.inject({ kind: 'heartbeats-only' });
    const { events, error } = await collectUntilError(nv.chat.stream(session.id, GENERATE, { stallAfter: 150 }));
    expect(error).toBeInstanceOf(StreamError);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === 'heartbeat')).toBe(true);
    expect(statuses(PATHS.chat, since)).toEqual([200]);
  });

  it('connection reset mid-stream → the events before it, then StreamError', async () => {
    const { nv, session, since } = await withSession();
    server.emulator.faults.inject({ kind: 'reset-stream', afterEvents: 2 });
    const { events, error } = await collectUntilError(nv.chat.stream(session.id, GENERATE));
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).mayStillRun).toBe(true);
    expect(contentOf(events).map((e) => e.type)).toEqual(['text', 'tool_call']);
    expect(statuses(PATHS.chat, since)).toEqual([200]);
    await expectRunLanded(nv, session.id);
    expect(statuses(PATHS.chat, since)).toEqual([200]);
  });

  it('a malformed SSE frame → the events before it, then StreamError', async () => {
    const { nv, session, since } = await withSession();
    server.emulator.faults.inject({ kind: 'malformed-json', path: PATHS.chat, afterEvents: 1 });
    const { events, error } = await collectUntilError(nv.chat.stream(session.id, GENERATE));
    expect(error).toBeInstanceOf(StreamError);
    expect(contentOf(events).map((e) => e.type)).toEqual(['text']);
    expect(statuses(PATHS.chat, since)).toEqual([200]);
  });
});

describe('malformed JSON body', () => {
  it('a body cut short → ResponseValidationError naming the body, after 1 request', async () => {
    const { nv, since } = await warmClient();
    server.emulator.faults.inject({ kind: 'malformed-json', path: PATHS.credits });
    const error = await rejection(nv.credits.balance());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ path: 'body', expected: 'JSON' });
    expect(statuses(PATHS.credits, since)).toEqual([200]);
  });
});

describe('agent faults inside a well-formed stream', () => {
  it('a terminal agent error before any text → an error event, a normal end, and nothing charged', async () => {
    const { nv, session } = await withSession();
    server.emulator.faults.inject({ kind: 'agent-error', afterEvents: 0, message: 'model overloaded' });
    const events = await collect(nv.chat.stream(session.id, GENERATE));
    expect(contentOf(events)).toEqual([
      { type: 'error', message: 'model overloaded', terminal: true },
      { type: 'done', hadText: false },
    ]);
    expect(await nv.credits.balance()).toMatchObject({ available: 100, frozen: 0 });
  });

  it('a failing tool → a tool_result with its error; the timeline is unchanged', async () => {
    const { nv, session } = await withSession();
    server.emulator.faults.inject({ kind: 'tool-error', message: 'render farm busy' });
    const events = await collect(nv.chat.stream(session.id, GENERATE));
    expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ error: 'render farm busy' });
    expect((await nv.state.get(session.id)).draft).toBeUndefined();
  });
});
