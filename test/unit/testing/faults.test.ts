import { describe, expect, test } from 'vitest';
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
} from '../../../src/index.js';
import { callsTo, emulated, SCRIPT } from '../helpers/emulator.js';
import { collect, collectUntilError } from '../helpers/sse.js';

const GENERATE = `generate a 30-second video from this script: ${SCRIPT}`;
const CREDITS = '/api/credits/balance/simple';
const DAY = 24 * 3600_000;

/** A client with a session whose timeline is generated. */
async function withTimeline(nv: NemoVideo) {
  const session = await nv.sessions.create();
  await nv.chat.stream(session.id, GENERATE).finalText();
  return session;
}

describe('token faults', () => {
  test('expired token (1001): the SDK gets a new anonymous token once and the call succeeds', async () => {
    const { nv, emulator } = emulated();
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'expired-token' });
    await expect(nv.credits.balance()).resolves.toMatchObject({ available: 100 });
    expect(emulator.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/api/auth/anonymous-token 200',
      `${CREDITS} 200`,
      `${CREDITS} 401`,
      '/api/auth/anonymous-token 200',
      `${CREDITS} 200`,
    ]);
  });

  test('a token past its 7 days on the clock is refused (1001) and renewed for the same user', async () => {
    const { nv, emulator, clock } = emulated();
    const session = await nv.sessions.create();
    clock.advance(7 * DAY + 1);
    await expect(nv.state.get(session.id)).resolves.toMatchObject({ sessionId: session.id });
    expect(callsTo(emulator, '/api/auth/anonymous-token')).toHaveLength(2);
    expect(emulator.requests.filter((r) => r.status === 401)).toHaveLength(1);
  });

  test('renewal happens once: a second 1001 surfaces as AuthenticationError', async () => {
    const { nv, emulator } = emulated();
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'expired-token', times: 2 });
    await expect(nv.credits.balance()).rejects.toBeInstanceOf(AuthenticationError);
    expect(callsTo(emulator, CREDITS)).toHaveLength(3);
  });

  test('1001 inside an HTTP 200 is recognised too', async () => {
    const { nv, emulator } = emulated();
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'expired-token', http200: true });
    await expect(nv.credits.balance()).resolves.toMatchObject({ available: 100 });
    expect(callsTo(emulator, '/api/auth/anonymous-token')).toHaveLength(2);
  });

  test('a token you gave yourself is not renewed', async () => {
    const { emulator, client } = emulated();
    const { token } = emulator.createUser({ anonymous: false, credits: 25_000 });
    const nv = client({ token });
    await expect(nv.credits.balance()).resolves.toMatchObject({ available: 25_000 });
    emulator.faults.inject({ kind: 'expired-token' });
    await expect(nv.credits.balance()).rejects.toBeInstanceOf(AuthenticationError);
    expect(callsTo(emulator, '/api/auth/anonymous-token')).toHaveLength(0);
  });
});

describe('rate limits and server errors', () => {
  test('429 with Retry-After: 0 is retried once, then succeeds', async () => {
    const { nv, emulator } = emulated();
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'rate-limit', retryAfter: 0 });
    await expect(nv.credits.balance()).resolves.toMatchObject({ available: 100 });
    expect(callsTo(emulator, CREDITS).map((r) => r.status)).toEqual([200, 429, 200]);
  });

  test('a second 429 in a row surfaces as RateLimitError: never a third try', async () => {
    const { nv, emulator } = emulated();
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'rate-limit', retryAfter: 0, times: 2 });
    const error = await nv.credits.balance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(0);
    expect(callsTo(emulator, CREDITS).map((r) => r.status)).toEqual([200, 429, 429]);
  });

  test('429 without Retry-After means 30 s (shown with the wait turned off)', async () => {
    const { emulator, client } = emulated();
    const nv = client({ retryRateLimit: false });
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'rate-limit' });
    const error = await nv.credits.balance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(30);
  });

  test('429 on the anonymous-token call itself (per-IP caps)', async () => {
    const { emulator, client } = emulated();
    emulator.faults.inject({ kind: 'rate-limit', path: '/api/auth/anonymous-token', retryAfter: 0 });
    await expect(client().credits.balance()).resolves.toMatchObject({ available: 100 });
    expect(callsTo(emulator, '/api/auth/anonymous-token').map((r) => r.status)).toEqual([429, 200]);
  });

  test('a burst of 5xx on a GET is retried with backoff until it passes', async () => {
    const { nv, emulator } = emulated();
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'server-error', times: 2, method: 'GET' });
    await expect(nv.credits.balance()).resolves.toMatchObject({ available: 100 });
    expect(callsTo(emulator, CREDITS).map((r) => r.status)).toEqual([200, 503, 503, 200]);
  });

  test('a 5xx on a POST that is not safe to repeat is not retried', async () => {
    const { nv, emulator } = emulated();
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'server-error', status: 500, path: '/api/tasks' });
    const error = await nv.sessions.create().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(500);
    expect(callsTo(emulator, '/api/tasks/me/with-session/nemo_agent')).toHaveLength(1);
  });
});

describe('session, credits and export faults', () => {
  test('lost session (1002) on state → SessionNotFoundError', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'lost-session' });
    await expect(nv.state.get(session.id)).rejects.toBeInstanceOf(SessionNotFoundError);
  });

  test('lost session on the chat is ADK 404 {"error":"Session not found: <id>"} → SessionNotFoundError, nothing re-sent', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'lost-session' });
    await expect(nv.chat.stream(session.id, 'add lo-fi BGM').finalText()).rejects.toBeInstanceOf(SessionNotFoundError);
    expect(callsTo(emulator, '/run_sse').map((r) => r.status)).toEqual([404]);
  });

  test('a session that does not exist is the same 404', async () => {
    const { nv } = emulated();
    await expect(nv.chat.stream('1234567890123456789', 'hello').finalText()).rejects.toBeInstanceOf(SessionNotFoundError);
    await expect(nv.state.get('1234567890123456789')).rejects.toBeInstanceOf(SessionNotFoundError);
  });

  test('1002 inside an HTTP 200 → SessionNotFoundError', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'lost-session', http200: true });
    await expect(nv.state.get(session.id)).rejects.toBeInstanceOf(SessionNotFoundError);
  });

  test('out of credits for real: the second generation of an anonymous user (100 credits) → 2001 with a bind= link', async () => {
    const { nv, emulator } = emulated();
    const session = await withTimeline(nv);
    const error = await nv.chat.stream(session.id, GENERATE).finalText().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect((error as InsufficientCreditsError).registrationUrl).toBe(`https://nemovideo.com/register?bind=${session.userId}`);
    expect((error as InsufficientCreditsError).registrationUrl).toContain('bind=anon_');
    expect(callsTo(emulator, '/run_sse').map((r) => r.status)).toEqual([200, 402]);
    // The emulator's own words, which the SDK shows: how to get more here, where the link cannot help.
    expect((error as Error).message).toMatch(/\(server: Insufficient credits: this needs 100, 0 available\. This is the NemoVideo emulator: restart it for fresh credits, or start it with more: `npx nemo-video emulator --credits 5000`/);
  });

  test('no-credits fault (2001) → InsufficientCreditsError', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'no-credits' });
    const error = await nv.chat.stream(session.id, GENERATE).finalText().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect((error as InsufficientCreditsError).registrationUrl).toMatch(/\?bind=anon_\w+$/);
    // The fault plays the real service, which knows nothing of an emulator's credits.
    expect((error as Error).message).not.toMatch(/emulator/);
  });

  test('export blocked (402) → ExportBlockedError, and the render is not retried', async () => {
    const { nv, emulator } = emulated();
    const session = await withTimeline(nv);
    emulator.faults.inject({ kind: 'export-blocked' });
    await expect(nv.export(session.id, { interval: 1 })).rejects.toBeInstanceOf(ExportBlockedError);
    expect(callsTo(emulator, '/api/render/proxy/lambda', { method: 'POST' }).map((r) => r.status)).toEqual([402]);
  });

  test('402 inside an HTTP 200 (envelope B with a code) → ExportBlockedError', async () => {
    const { nv, emulator } = emulated();
    const session = await withTimeline(nv);
    emulator.faults.inject({ kind: 'export-blocked', http200: true });
    await expect(nv.export(session.id, { interval: 1 })).rejects.toBeInstanceOf(ExportBlockedError);
  });
});

describe('codes inside an HTTP 200 on the chat (the JSON answer where a stream was expected)', () => {
  test('1002 → SessionNotFoundError', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'lost-session', http200: true });
    await expect(nv.chat.stream(session.id, 'hello').finalText()).rejects.toBeInstanceOf(SessionNotFoundError);
  });

  test('2001 → InsufficientCreditsError', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'no-credits', http200: true });
    await expect(nv.chat.stream(session.id, GENERATE).finalText()).rejects.toBeInstanceOf(InsufficientCreditsError);
  });

  test('2001 in a 200 carries the bind= registration link, as with a 4xx', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'no-credits', http200: true });
    const error = await nv.chat.stream(session.id, GENERATE).finalText().catch((e: unknown) => e);
    expect((error as InsufficientCreditsError).registrationUrl).toContain('bind=anon_');
  });

  test('1001 in a 200 is renewed once, as a 401 is', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'expired-token', http200: true, path: '/run_sse' });
    await expect(nv.chat.stream(session.id, 'hello').finalText()).resolves.toContain('Ready when you are');
  });

  test('1001 with a 401 on the chat is renewed once and the turn goes through', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'expired-token', path: '/run_sse' });
    await expect(nv.chat.stream(session.id, 'hello').finalText()).resolves.toContain('Ready when you are');
    expect(callsTo(emulator, '/run_sse').map((r) => r.status)).toEqual([401, 200]);
  });
});

describe('stream faults', () => {
  test('stalled stream (headers, then nothing) → StreamError after stallAfter; the run still lands', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'stalled-stream' });
    const { events, error } = await collectUntilError(nv.chat.stream(session.id, GENERATE, { stallAfter: 50 }));
    expect(error).toBeInstanceOf(StreamError);
    expect(events).toEqual([]);
    expect(callsTo(emulator, '/run_sse')).toHaveLength(1); // never re-sent
    expect((await nv.state.get(session.id)).draft?.durationMs).toBe(30_000);
  });

  test('heartbeats only → heartbeat events, then StreamError: keep-alives are not progress', async () => {
    const { nv, emulator } = emulated({ keepAliveMs: 5 });
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'heartbeats-only' });
    const { events, error } = await collectUntilError(nv.chat.stream(session.id, GENERATE, { stallAfter: 60 }));
    expect(error).toBeInstanceOf(StreamError);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === 'heartbeat')).toBe(true);
  });

  test('connection reset mid-stream → the events so far, then StreamError; the message is not re-sent', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'reset-stream', afterEvents: 2 });
    const { events, error } = await collectUntilError(nv.chat.stream(session.id, GENERATE));
    expect(error).toBeInstanceOf(StreamError);
    expect(events.filter((e) => e.type !== 'heartbeat').map((e) => e.type)).toEqual(['text', 'tool_call']);
    expect(callsTo(emulator, '/run_sse')).toHaveLength(1);
    expect((await nv.state.get(session.id)).draft).toBeDefined(); // the run finished on the server
  });

  test('malformed JSON in an SSE frame → StreamError', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'malformed-json', path: '/run_sse', afterEvents: 1 });
    const { events, error } = await collectUntilError(nv.chat.stream(session.id, GENERATE));
    expect(error).toBeInstanceOf(StreamError);
    expect(events.filter((e) => e.type === 'text')).toHaveLength(1);
  });

  test('malformed JSON in a response body → ResponseValidationError', async () => {
    const { nv, emulator } = emulated();
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'malformed-json', path: CREDITS });
    await expect(nv.credits.balance()).rejects.toBeInstanceOf(ResponseValidationError);
  });
});

describe('agent faults (inside a well-formed stream)', () => {
  test('a terminal {"error": …} before any text → error event, then StreamError from finalText(); nothing changes or is charged', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'agent-error', afterEvents: 0, message: 'model overloaded' });
    const events = await collect(nv.chat.stream(session.id, GENERATE));
    expect(events.filter((e) => e.type !== 'heartbeat')).toEqual([
      { type: 'error', message: 'model overloaded', terminal: true },
      { type: 'done', hadText: false },
    ]);
    emulator.faults.inject({ kind: 'agent-error', afterEvents: 0 });
    await expect(nv.chat.stream(session.id, GENERATE).finalText()).rejects.toBeInstanceOf(StreamError);
    expect((await nv.state.get(session.id)).draft).toBeUndefined();
    expect(await nv.credits.balance()).toMatchObject({ available: 100, frozen: 0 });
  });

  test('a terminal error after some text: finalText() rejects, quoting what was said', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'agent-error', afterEvents: 1 });
    await expect(nv.chat.stream(session.id, GENERATE).finalText()).rejects.toThrow(/after saying: "Generating a 30-second/);
  });

  test('a non-terminal errorCode event: reported, and the turn goes on to the end', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'agent-error', terminal: false, afterEvents: 1, message: 'retrying the model' });
    const events = await collect(nv.chat.stream(session.id, GENERATE));
    expect(events).toContainEqual({ type: 'error', message: 'retrying the model', code: 'MODEL_ERROR', terminal: false });
    expect(events.filter((e) => e.type === 'text')).toHaveLength(2);
    expect((await nv.state.get(session.id)).draft?.durationMs).toBe(30_000);
  });

  test('a failing tool: functionResponse.response.error, the run goes on, nothing changes, credits come back', async () => {
    const { nv, emulator } = emulated();
    const session = await nv.sessions.create();
    emulator.faults.inject({ kind: 'tool-error', message: 'render farm busy' });
    const events = await collect(nv.chat.stream(session.id, GENERATE));
    expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ name: 'generate_video_with_seedance', error: 'render farm busy' });
    expect(events.filter((e) => e.type === 'text').at(-1)).toMatchObject({ text: expect.stringContaining('failed') });
    expect((await nv.state.get(session.id)).draft).toBeUndefined();
    expect(await nv.credits.balance()).toMatchObject({ available: 100, frozen: 0 });
  });
});

describe('the fault book', () => {
  test('faults are spent after `times` hits, can be removed, and clear() empties the book', async () => {
    const { nv, emulator } = emulated();
    await nv.credits.balance();
    const burst = emulator.faults.inject({ kind: 'server-error', times: 1, path: CREDITS });
    const forever = emulator.faults.inject({ kind: 'rate-limit', times: Infinity, path: '/api/state' });
    expect(emulator.faults.active).toHaveLength(2);
    await nv.credits.balance();
    expect(burst.hits).toBe(1);
    expect(burst.remaining).toBe(0);
    expect(emulator.faults.active).toEqual([forever]);
    forever.remove();
    emulator.faults.inject({ kind: 'expired-token' });
    emulator.faults.clear();
    expect(emulator.faults.active).toEqual([]);
    expect(emulator.requests.filter((r) => r.fault).map((r) => r.fault)).toEqual(['server-error']);
  });

  test('a kind that is not a fault, even an inherited name like toString, is refused with the list of kinds', () => {
    const { emulator } = emulated();
    for (const kind of ['toString', 'constructor', 'server_error']) {
      expect(() => emulator.faults.inject({ kind } as never)).toThrow(new RegExp(`^Unknown fault kind "${kind}": use one of expired-token, .*server-error`));
    }
    expect(() => emulator.faults.inject({ kind: 'server-error', times: 0 })).toThrow(RangeError);
    expect(emulator.faults.active).toEqual([]);
  });

  test('faults belong to their emulator', async () => {
    const a = emulated();
    const b = emulated();
    a.emulator.faults.inject({ kind: 'server-error', times: Infinity });
    await expect(b.nv.credits.balance()).resolves.toMatchObject({ available: 100 });
  });
});
