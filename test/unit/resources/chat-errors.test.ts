import { HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { APIConnectionError, APIError, RateLimitError, ResponseValidationError, SessionNotFoundError, StreamError } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { adk, collect, collectUntilError, frame, onRunSse, servedChunks, serveSse, serverStream } from '../helpers/sse.js';

const SID = '7321456789012345678';
const hello = frame(adk([{ text: 'Hello.' }]));
const toolCall = frame(adk([{ functionCall: { id: 'c1', name: 'edit_multitrack', args: {} } }]));

describe('chat.stream errors', () => {
  test.each([
    ['ADK JS 404 {"error"}', () => HttpResponse.json({ error: `Session not found: ${SID}` }, { status: 404 })],
    ['ADK Python 404 {"detail"}', () => HttpResponse.json({ detail: `Session not found: ${SID}` }, { status: 404 })],
    ['code 1002 in an HTTP 400', () => HttpResponse.json({ code: 1002, message: 'Session not found' }, { status: 400 })],
    ['code 1002 in an HTTP 200', () => HttpResponse.json({ code: 1002, message: 'Session not found' })],
  ])('an unknown session (%s) before any event is a SessionNotFoundError', async (_, respond) => {
    onRunSse(respond);
    const { events, error } = await collectUntilError(client().chat.stream(SID, 'hi'));
    expect(events).toStrictEqual([]);
    expect(error).toBeInstanceOf(SessionNotFoundError);
  });

  test('a connection cut mid-stream is a StreamError, after the events that came before it', async () => {
    const server = serverStream();
    onRunSse(() => server);
    server.send(hello + toolCall);
    const stream = client().chat.stream(SID, 'hi');
    const { events, error } = await collectUntilError(
      (async function* () {
        for await (const ev of stream) {
          yield ev;
          if (ev.type === 'tool_call') server.fail(new Error('read ECONNRESET'));
        }
      })(),
    );
    expect(events.map((e) => e.type)).toStrictEqual(['text', 'tool_call']);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).mayStillRun).toBe(true);
    expect((error as Error).message).toContain(`nv.state.get("${SID}")`);
  });

  test('malformed JSON in a data frame is a StreamError naming the event', async () => {
    serveSse(hello + ': ping\n\n' + 'data: {"content": {"parts": [\n\n' + toolCall);
    const { events, error } = await collectUntilError(client().chat.stream(SID, 'hi'));
    expect(events.map((e) => e.type)).toStrictEqual(['text', 'heartbeat']);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toMatch(/#2\b.*not valid JSON/);
  });

  test.each([
    ['in one chunk', (sse: string) => [sse]],
    ['across many chunks', (sse: string) => sse.match(/[^]{1,100}/g)!],
  ])('an event bigger than maxEventChars (%s) is a StreamError', async (_, chunked) => {
    const sse = hello + frame(adk([{ text: 'x'.repeat(5_000) }])) + toolCall;
    const server = serverStream();
    onRunSse(() => server);
    for (const chunk of chunked(sse)) server.send(chunk);
    server.close();
    const { events, error } = await collectUntilError(client().chat.stream(SID, 'hi', { maxEventChars: 1_000 }));
    expect(events.map((e) => e.type)).toStrictEqual(['text']);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toMatch(/1000 characters/);
  });

  test('an event under maxEventChars passes', async () => {
    serveSse(frame(adk([{ text: 'x'.repeat(900) }])));
    const events = await collect(client().chat.stream(SID, 'hi', { maxEventChars: 1_000 }));
    expect(events.map((e) => e.type)).toStrictEqual(['text', 'done']);
  });

  test('an event of the wrong shape is a ResponseValidationError with the event index in its path', async () => {
    serveSse(hello + frame({ author: 'nemo_agent', content: { parts: 5 } }));
    const { events, error } = await collectUntilError(client().chat.stream(SID, 'hi'));
    expect(events.map((e) => e.type)).toStrictEqual(['text']);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).path).toMatch(/^event\[1\]/);
  });
});

describe('chat.stream never re-sends a message that may have run', () => {
  // Retries and the 429 wait are on, as they are by default: a chat message must still go out once only.
  const eager = () => client({ maxRetries: 3, retryRateLimit: true });

  test.each([
    ['an HTTP 500', () => HttpResponse.json({ detail: 'internal error' }, { status: 500 }), APIError],
    ['an HTTP 503', () => HttpResponse.json({ detail: 'unavailable' }, { status: 503 }), APIError],
    ['a network error before the response', () => HttpResponse.error(), APIConnectionError],
  ])('on %s: one request', async (_, respond, kind) => {
    const seen = onRunSse(respond);
    const { error } = await collectUntilError(eager().chat.stream(SID, 'hi'));
    expect(error).toBeInstanceOf(kind);
    expect(seen).toHaveLength(1);
  });

  test('a 429 proves it never ran: waited out (Retry-After) and sent again once, in the transport', async () => {
    const slowDown = () => HttpResponse.json({ detail: 'slow down' }, { status: 429, headers: { 'Retry-After': '0' } });
    let calls = 0;
    const seen = onRunSse(() => (calls++ === 0 ? slowDown() : servedChunks([frame(adk([{ text: 'Done.' }]))])));
    expect(await eager().chat.stream(SID, 'hi').finalText()).toBe('Done.');
    expect(seen).toHaveLength(2);
  });

  test('a second 429 is surfaced as a RateLimitError: once is the limit', async () => {
    const seen = onRunSse(() => HttpResponse.json({ detail: 'slow down' }, { status: 429, headers: { 'Retry-After': '0' } }));
    const { error } = await collectUntilError(eager().chat.stream(SID, 'hi'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(seen).toHaveLength(2);
  });

  test('with retryRateLimit: false, the first 429 is surfaced and nothing is sent again', async () => {
    const seen = onRunSse(() => HttpResponse.json({ detail: 'slow down' }, { status: 429, headers: { 'Retry-After': '0' } }));
    const { error } = await collectUntilError(client({ retryRateLimit: false }).chat.stream(SID, 'hi'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(seen).toHaveLength(1);
  });

  test('on a cut mid-stream: one request, and a StreamError', async () => {
    const server = serverStream();
    const seen = onRunSse(() => server);
    server.send(hello);
    const stream = eager().chat.stream(SID, 'hi');
    const { error } = await collectUntilError(
      (async function* () {
        for await (const ev of stream) {
          yield ev;
          server.fail(new TypeError('terminated'));
        }
      })(),
    );
    expect(error).toBeInstanceOf(StreamError);
    expect(seen).toHaveLength(1);
  });
});
