// Relaying a chat turn without the proxy: a server sends `stream.toResponse()`, its page reads
// `ChatStream.fromResponse(response)` and gets the same typed events, finalText() included; errors keep their
// class, a cut is told from an end, and a page that goes away closes the turn.
import { describe, expect, test } from 'vitest';
import {
  AuthenticationError,
  ChatStream,
  InsufficientCreditsError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  StreamError,
  type ChatEvent,
} from '../../../src/index.js';
import { collect, collectUntilError } from '../../helpers/stream.js';
import { client } from '../helpers/client.js';
import { emulated, SCRIPT } from '../helpers/emulator.js';
import { adk, frame, onRunSse, serverStream } from '../helpers/sse.js';

/** Every kind of event the SDK gives, with every optional field. */
const EVENTS: ChatEvent[] = [
  { type: 'heartbeat' },
  { type: 'text', text: 'Gener', partial: true, author: 'nemo_agent' },
  { type: 'text', text: 'Generating your video…', partial: false, author: 'nemo_agent' },
  { type: 'tool_call', id: 'call_1', name: 'generate_video_with_seedance', args: { prompt: 'city', Keep_Case: { a: [1, null] } } },
  { type: 'tool_result', id: 'call_1', name: 'generate_video_with_seedance', result: { error: 'quota' }, error: 'quota' },
  { type: 'still_working', elapsedMs: 120_000 },
  { type: 'error', message: 'model overloaded', code: 'UNAVAILABLE', terminal: false },
  { type: 'text', text: 'Done: 30 seconds, 3 scenes.', partial: false },
  { type: 'done', hadText: true },
];

async function* from<T>(items: T[], failure?: unknown): AsyncGenerator<T> {
  yield* items;
  if (failure) throw failure;
}

/** A ChatStream over `source`, as the client makes them. */
const streamOf = (source: AsyncGenerator<ChatEvent>) => new ChatStream(source);

/** A body that yields `text`'s chunks and then ends (or stays open). */
const sse = (chunks: string[], init: ResponseInit = { headers: { 'Content-Type': 'text/event-stream' } }) =>
  new Response(
    new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    }),
    init,
  );

describe('toResponse → fromResponse', () => {
  test('gives back the same typed events, and the same finalText()', async () => {
    const relayed = ChatStream.fromResponse(streamOf(from(EVENTS)).toResponse());
    expect(await collect(relayed)).toEqual(EVENTS);
    expect(await relayed.finalText()).toBe(await streamOf(from(EVENTS)).finalText());
    expect(await ChatStream.fromResponse(streamOf(from(EVENTS)).toResponse()).finalText()).toBe('Generating your video…\n\nDone: 30 seconds, 3 scenes.');
  });

  test('a real turn on the emulator: the events the page reads are the ones the server read', async () => {
    const { nv } = emulated({ delayMs: [0, 0] });
    const session = await nv.sessions.create();
    const seen: ChatEvent[] = [];
    const source = nv.chat.stream(session.id, `generate a 30-second video from this script: ${SCRIPT}`);
    const tee = streamOf(
      (async function* () {
        for await (const event of source) yield (seen.push(event), event);
      })(),
    );
    const read = await collect(ChatStream.fromResponse(tee.toResponse()));
    expect(read).toEqual(seen);
    expect(read.map((e) => e.type)).toEqual(expect.arrayContaining(['text', 'tool_call', 'tool_result', 'done']));
  });

  test('the response is SSE, uncached and unbuffered; init adds a status and headers', async () => {
    const response = streamOf(from(EVENTS)).toResponse({ status: 201, headers: { 'X-Turn': '7' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-turn')).toBe('7');
    const text = await response.text();
    expect(text).toBe(`${EVENTS.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}event: end\ndata: {}\n\n`);
  });

  test('each event reaches the reader as it comes, not when the turn ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const source = streamOf(
      (async function* () {
        yield EVENTS[2]!;
        await gate; // the turn goes on only once the reader has the first event
        yield { type: 'done', hadText: true } as ChatEvent;
      })(),
    );
    const reader = ChatStream.fromResponse(source.toResponse())[Symbol.asyncIterator]();
    expect((await reader.next()).value).toEqual(EVENTS[2]);
    release();
    expect((await reader.next()).value).toEqual({ type: 'done', hadText: true });
    expect((await reader.next()).done).toBe(true);
  });

  test('a stream can be relayed only once, and only if nobody iterated it', async () => {
    const stream = streamOf(from(EVENTS));
    stream.toReadableStream();
    expect(() => stream.toReadableStream()).toThrow(/only once/);
  });
});

describe('errors keep their class across the relay', () => {
  test('an API error: its class, status, code and request id; no registration link naming the server’s account', async () => {
    const failure = new InsufficientCreditsError({ status: 200, code: 2001, requestId: 'req_1', userId: 'anon_server' });
    const response = streamOf(from(EVENTS.slice(0, 3), failure)).toResponse();
    const body = await response.clone().text();
    expect(body).not.toContain('anon_server');
    const { events, error }: { events: ChatEvent[]; error: any } = await collectUntilError(ChatStream.fromResponse(response));
    expect(events).toEqual(EVENTS.slice(0, 3));
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error).toMatchObject({ status: 200, code: 2001, requestId: 'req_1', registrationUrl: undefined });
  });

  test('a 429 keeps its retryAfter; a message never carries a token', async () => {
    const failure = new RateLimitError(45, { status: 429, code: 429 });
    failure.message = 'Rate limited for nmv_usr_secret123';
    const response = streamOf(from([], failure)).toResponse();
    expect(await response.clone().text()).not.toContain('nmv_usr_secret123');
    const { error }: { error: any } = await collectUntilError(ChatStream.fromResponse(response));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(45);
  });

  test('anything else (a cut upstream, a stall) is a StreamError, and finalText() rejects with it', async () => {
    const relayed = ChatStream.fromResponse(streamOf(from(EVENTS.slice(0, 2), new StreamError('No progress for 600 s.'))).toResponse());
    const error = await relayed.finalText().catch((e) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect(error.message).toMatch(/StreamError: No progress for 600 s\./);
  });

  test('a body that ends without its end frame was cut: StreamError', async () => {
    const { events, error }: { events: ChatEvent[]; error: any } = await collectUntilError(ChatStream.fromResponse(sse([`data: ${JSON.stringify(EVENTS[2])}\n\n`])));
    expect(events).toEqual([EVENTS[2]]);
    expect(error).toBeInstanceOf(StreamError);
    expect(error.message).toMatch(/cut/);
  });

  test.each([
    [401, { code: 401, message: 'Sign in first.' }, AuthenticationError],
    [403, { code: 403, message: 'Session 1 is not yours.' }, PermissionDeniedError],
    [200, { code: 2001, message: 'out of credits' }, InsufficientCreditsError],
  ])('a response that is not a stream (HTTP %i) throws its typed error', async (status, body, Class) => {
    const response = Response.json(body, { status: status === 200 ? 402 : status });
    const error = await rejectionOf(ChatStream.fromResponse(response).finalText());
    expect(error).toBeInstanceOf(Class);
  });

  test('an event that is not a ChatEvent is a ResponseValidationError naming it', async () => {
    const { error }: { error: any } = await collectUntilError(ChatStream.fromResponse(sse(['data: {"type":"text","text":5,"partial":false}\n\n'])));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.path).toBe('event[0].text');
    const unknown: { error: any } = await collectUntilError(ChatStream.fromResponse(sse(['data: {"type":"surprise"}\n\n'])));
    expect(unknown.error.path).toBe('event[0].type');
  });
});

describe('closing', () => {
  test('a page that leaves the loop closes the relay, which closes the turn’s connection at once', async () => {
    // The turn waits for its next event (the agent is silent): the relay's cancel must not wait for it.
    const server = serverStream();
    onRunSse(() => server);
    server.send(frame(adk([{ text: 'Generating your video…' }])));
    for await (const event of ChatStream.fromResponse(client().chat.stream('7321456789012345678', 'hi').toResponse())) {
      expect(event).toMatchObject({ type: 'text', text: 'Generating your video…' });
      break;
    }
    await server.cancelled;
    expect(server.isCancelled).toBe(true);
  });

  test('a relayed stream relays again, and closing the last one closes the first', async () => {
    const server = serverStream();
    onRunSse(() => server);
    server.send(frame(adk([{ text: 'Hello.' }])));
    const first = ChatStream.fromResponse(client().chat.stream('7321456789012345678', 'hi').toResponse());
    for await (const event of ChatStream.fromResponse(first.toResponse())) {
      expect(event).toMatchObject({ type: 'text', text: 'Hello.' });
      break;
    }
    await server.cancelled;
  });

  test("aborting the reader's signal throws its reason and closes the body", async () => {
    const controller = new AbortController();
    let cancelled!: () => void;
    const bodyCancelled = new Promise<void>((resolve) => (cancelled = resolve));
    const body = new ReadableStream({
      start: (c) => c.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(EVENTS[2])}\n\n`)),
      cancel: () => cancelled(),
    });
    const relayed = ChatStream.fromResponse(new Response(body), { signal: controller.signal });
    const events: ChatEvent[] = [];
    const reason = new Error('page closed');
    const error = await (async () => {
      try {
        for await (const event of relayed) {
          events.push(event);
          controller.abort(reason);
        }
      } catch (e) {
        return e;
      }
    })();
    expect(events).toEqual([EVENTS[2]]);
    expect(error).toBe(reason);
    await bodyCancelled;
  });
});

async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error) => error,
  );
}
