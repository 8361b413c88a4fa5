// Properties over generated input (fast-check, bounded runs): any chunking of a valid chat stream gives the
// same events; any bytes give events or a typed stream error, never another exception or a hang; the draft
// codec round-trips; the error mapping is total (every code, HTTP status and envelope gives a NemoVideoError
// subclass with the right fields); and no token, of any shape, survives in anything the SDK surfaces when a
// server echoes it back anywhere it can. A failure prints its seed and shrunk counterexample to replay it.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import * as z from 'zod/mini';
import { describe, expect, test } from 'vitest';
import {
  APIError,
  AuthenticationError,
  ExportBlockedError,
  FileTooLargeError,
  InsufficientCreditsError,
  NemoVideoError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  SessionNotFoundError,
  StreamError,
  UnsupportedFileTypeError,
  type AuthStrategy,
  type ChatEvent,
  type Timeline,
} from '../../../src/index.js';
import { TimelineCodec } from '../../../src/schemas/timeline.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { adk, collect, onRunSse, servedChunks } from '../helpers/sse.js';
import { stateData } from '../helpers/draft.js';
import { okB } from '../helpers/render.js';
import { BASE, server } from '../helpers/server.js';

// Run counts keep the whole file near 10 s of test time on a loaded 2-core machine: each property a second
// or two (whole calls through msw cost a few ms each). A failure prints its seed and path to replay it.
const RUNS = { numRuns: 100 };
/** The echoing server's property runs whole calls, chats included: fewer runs. */
const ECHO_RUNS = { numRuns: 60 };
/** Pure codec calls are cheap. */
const CODEC_RUNS = { numRuns: 200 };
/** Room for each property on a loaded machine (the unit project's default is 5 s per test). */
const LIMIT = { timeout: 20_000 };
const SID = '7321456789012345678';
const encoder = new TextEncoder();

/** A chat turn's events as the client yields them; each run serves its own chunks through one msw handler. */
function chatServer() {
  let serving: Array<string | Uint8Array> = [];
  onRunSse(() => servedChunks(serving));
  return (chunks: Array<string | Uint8Array>, options = {}) => {
    serving = chunks;
    return client().chat.stream(SID, 'hi', { partial: true, ...options });
  };
}

/** `bytes` cut at `points` (any byte offsets, so inside a multi-byte character or a CRLF too). */
function splitAt(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const cuts = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...cuts].map((from, i) => bytes.slice(from, [...cuts, bytes.length][i])).filter((chunk) => chunk.length > 0);
}

describe('the chat stream, whatever the network does to it', LIMIT, () => {
  const eol = fc.constantFrom('\n', '\r\n', '\r');
  // Multi-byte text: any graphemes (emoji, CJK, combining marks), and some known mixtures.
  const words = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }),
    fc.constantFrom('好的，开始生成 🎬', '海边日落 🌅', 'Done — 完成 ✅👍🏽', '👨‍👩‍👧‍👦 family', 'é\u0301 ü', '\u2028 line\u2029sep'),
  );
  const id = fc.stringMatching(/^[a-z0-9_]{1,12}$/);
  const name = fc.constantFrom('generate_video_with_seedance', 'edit_multitrack', 'upload_media');
  const adkEvent = fc.oneof(
    fc.record({ text: words, partial: fc.boolean(), thought: fc.boolean() }).map(({ text, partial, thought }) => adk([{ text, ...(thought && { thought }) }], { partial })),
    fc.record({ id, name, args: fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue(), { maxKeys: 4 }) }).map((functionCall) => adk([{ functionCall }])),
    fc.record({ id, name, response: fc.jsonValue({ maxDepth: 3 }) }).map((functionResponse) => adk([{ functionResponse }])),
    words.map((content) => ({ type: 'text', content })),
    fc.constant({ type: 'heartbeat' }),
  );
  /** One SSE message: an event on one `data:` line, or spread over several (pretty JSON), or a keep-alive. */
  const message = fc.oneof(
    { weight: 5, arbitrary: fc.tuple(adkEvent, fc.constantFrom('one line', 'no space', 'many lines'), eol) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(': ping', ':', 'data:', 'data: '), fc.constant('keep-alive' as const), eol) },
  );
  const render = ([event, form, end]: [unknown, string, string]): string => {
    if (form === 'keep-alive') return `${event}${end}${end}`;
    if (form === 'many lines') return `${JSON.stringify(event, null, 1).split('\n').map((line) => `data: ${line}`).join(end)}${end}${end}`;
    return `data:${form === 'one line' ? ' ' : ''}${JSON.stringify(event)}${end}${end}`;
  };
  const turn = fc.array(message, { minLength: 1, maxLength: 12 }).map((messages) => messages.map(render).join(''));

  test('a valid stream cut at any byte boundaries yields the same events as the whole stream', async () => {
    const stream = chatServer();
    await fc.assert(
      fc.asyncProperty(turn, fc.array(fc.nat(), { maxLength: 40 }), async (text, points) => {
        const whole = await collect(stream([text]));
        expect(whole.at(-1)).toMatchObject({ type: 'done' });
        expect(await collect(stream(splitAt(encoder.encode(text), points)))).toStrictEqual(whole);
      }),
      { numRuns: 50 },
    );
  });

  /** Lines a server could send: fields, comments, bad and good JSON, control characters, anything. */
  const line = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }).map((text) => `data: ${text}`),
    fc.jsonValue({ maxDepth: 2 }).map((json) => `data: ${JSON.stringify(json)}`),
    adkEvent.map((event) => `data: ${JSON.stringify(event)}`),
    fc.constantFrom('data: {"content":{"parts":[{"text":', 'event: message', 'id: 7', 'retry: x', ': ping', '', 'data', 'data: {"error":"boom"}'),
  );
  const anyText = fc.array(fc.tuple(line, eol), { maxLength: 12 }).map((lines) => lines.map(([text, end]) => text + end).join(''));
  const anyChunks = fc.oneof(
    fc.tuple(anyText, fc.array(fc.nat(), { maxLength: 20 })).map(([text, points]) => splitAt(encoder.encode(text), points)),
    fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }),
    fc.array(fc.oneof(anyText, fc.uint8Array({ maxLength: 32 })), { maxLength: 6 }),
  );

  test('any bytes end in events and done, or a StreamError (a ResponseValidationError for a JSON event of the wrong shape), never another error or a hang', async () => {
    const stream = chatServer();
    await fc.assert(
      fc.asyncProperty(anyChunks, fc.constantFrom(8 * 1024 * 1024, 40), async (chunks, maxEventChars) => {
        const events: ChatEvent[] = [];
        let hang: ReturnType<typeof setTimeout> | undefined;
        // Every chunk is already sent and the body closed: reading it to its end never waits on the server.
        const hung = new Promise<never>((_, reject) => (hang = setTimeout(() => reject(new Error('the stream did not end within 5 s')), 5000)));
        const read = (async () => {
          for await (const event of stream(chunks, { maxEventChars, stallAfter: 4000 })) events.push(event);
        })();
        const error = await Promise.race([read, hung]).then(
          () => undefined,
          (thrown: unknown) => thrown,
        ).finally(() => clearTimeout(hang));
        if (error === undefined) {
          expect(events.at(-1)).toMatchObject({ type: 'done' });
          expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
        } else if (error instanceof ResponseValidationError) {
          expect(error.path).toMatch(/^event\[\d+\]/);
        } else {
          expect(error).toBeInstanceOf(StreamError);
          expect((error as Error).message).not.toMatch(/No progress/);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('the draft codec round-trips', LIMIT, () => {
  // Extra fields of any name but the ones either side spells: the codec spreads them next to its own keys, so
  // a draft with, say, both `d` and an unknown `durationMs` field cannot keep both (no such draft is known).
  // Plain objects, as JSON.parse makes them (toStrictEqual tells a null prototype apart).
  const RESERVED = ['t', 'd', 'm', 'tt', 'sg', 'tracks', 'durationMs', 'metadata', 'type', 'segments', '__proto__'];
  const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !RESERVED.includes(k));
  const extra = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3, noNullPrototype: true });
  const segment = fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5, noNullPrototype: true });
  const object = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4, noNullPrototype: true });
  const otherCode = fc.integer({ min: -5, max: 99 }).filter((n) => ![0, 1, 7].includes(n));
  const duration = fc.option(fc.integer({ min: 0, max: 36_000_000 }), { nil: undefined });

  /** A draft as the service stores it: every short key, the known codes and others, unknown fields everywhere. */
  const wireDraft = fc
    .record({
      t: fc.option(fc.array(fc.tuple(fc.oneof(fc.constantFrom(0, 1, 7), otherCode), fc.option(fc.array(segment, { maxLength: 4 }), { nil: undefined }), extra), { maxLength: 5 }), { nil: undefined }),
      d: duration,
      m: fc.option(object, { nil: undefined }),
      rest: extra,
    })
    .map(({ t, d, m, rest }) => ({
      ...rest,
      ...(t && { t: t.map(([tt, sg, more]) => ({ ...more, tt, ...(sg && { sg }) })) }),
      ...(d !== undefined && { d }),
      ...(m !== undefined && { m }),
    }));

  /** The wire draft as encode writes it back: `t` and every `sg` present (`[]` when the draft had none). */
  const wireNormalForm = (wire: { t?: Array<{ sg?: unknown[] }> }) => ({ ...wire, t: (wire.t ?? []).map((track) => ({ ...track, sg: track.sg ?? [] })) });

  /** A Timeline as a caller may build it: kinds by name or by code (known or not), unknown fields kept. */
  const timeline: fc.Arbitrary<Timeline> = fc
    .record({
      tracks: fc.array(fc.tuple(fc.oneof(fc.constantFrom('video', 'audio', 'text', 0, 1, 7), otherCode), fc.array(segment, { maxLength: 4 }), extra), { maxLength: 5 }),
      durationMs: duration,
      metadata: fc.option(object, { nil: undefined }),
      rest: extra,
    })
    .map(({ tracks, durationMs, metadata, rest }) => ({
      ...rest,
      tracks: tracks.map(([type, segments, more]) => ({ ...more, type, segments })),
      ...(durationMs !== undefined && { durationMs }),
      ...(metadata !== undefined && { metadata }),
    }));

  test('decode(encode(timeline)) is the timeline, a known kind given by its code named', () => {
    const NAMES: Record<number, string> = { 0: 'video', 1: 'audio', 7: 'text' };
    fc.assert(
      fc.property(timeline, (value) => {
        const normal = { ...value, tracks: value.tracks.map((track) => ({ ...track, type: NAMES[track.type as number] ?? track.type })) };
        // toEqual: decode states an absent durationMs or metadata as undefined.
        expect(z.decode(TimelineCodec, z.encode(TimelineCodec, value))).toEqual(normal);
      }),
      CODEC_RUNS,
    );
  });

  test('encode(decode(wire)) is the wire draft, with `t` and `sg` in their normal form (present, [] when absent)', () => {
    fc.assert(
      fc.property(wireDraft, (wire) => {
        expect(z.encode(TimelineCodec, z.decode(TimelineCodec, wire))).toStrictEqual(wireNormalForm(wire));
      }),
      CODEC_RUNS,
    );
  });

  test('a wire draft read by state.get and sent back by renders.create arrives as it was stored', async () => {
    // One pair of handlers for every run (msw looks through each added handler on every request).
    let stored: unknown;
    const submitted: unknown[] = [];
    server.use(
      http.get(`${BASE}/api/state/nemo_agent/me/:sid/latest`, () => HttpResponse.json(ok(stateData(stored)))),
      http.post(`${BASE}/api/render/proxy/lambda`, async ({ request }) => {
        const { draft, id } = (await request.json()) as { draft: unknown; id: string };
        submitted.push(draft);
        return HttpResponse.json(okB({ id, status: 'pending', progress: 5 }));
      }),
    );
    const nv = client();
    const exportable = wireDraft.filter((w) => (w.t ?? []).some((track) => !!track.sg?.length));
    await fc.assert(
      fc.asyncProperty(exportable, fc.boolean(), async (wire, asText) => {
        stored = asText ? JSON.stringify(wire) : wire;
        const { draft } = await nv.state.get(SID);
        await nv.renders.create({ sessionId: SID, draft: draft! });
        // What the service stored, as JSON carries it (-0 arrives as 0), in the wire normal form.
        expect(submitted.at(-1)).toStrictEqual(wireNormalForm(JSON.parse(JSON.stringify(wire))));
      }),
      { numRuns: 40 },
    );
  });
});

/** The classes the documented codes map to, whatever the HTTP status (the code wins). */
const BY_CODE = new Map<number, new (...args: never[]) => APIError>([
  [1001, AuthenticationError],
  [1010, AuthenticationError],
  [1011, AuthenticationError],
  [1002, SessionNotFoundError],
  [2001, InsufficientCreditsError],
  [4001, UnsupportedFileTypeError],
  [4002, FileTooLargeError],
  [429, RateLimitError],
]);

/** The classes these HTTP statuses map to when the body names no code. */
const BY_STATUS = new Map<number, new (...args: never[]) => APIError>([
  [401, AuthenticationError],
  [402, ExportBlockedError],
  [403, PermissionDeniedError],
  [413, FileTooLargeError],
  [429, RateLimitError],
]);

/** Statuses a Response can carry a body with: 200-599, less the null-body ones. */
const status = fc.oneof(fc.constantFrom(...BY_STATUS.keys(), 400, 404, 500, 503), fc.integer({ min: 200, max: 599 })).filter((s) => ![204, 205, 304].includes(s));
const headerText = fc.stringMatching(/^[\x21-\x7e]{1,40}$/);

describe('the error mapping is total', LIMIT, () => {
  const code = fc.oneof(fc.constantFrom(...BY_CODE.keys(), 400, 402, 500, 1003, 3001), fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: -99, max: -1 }));
  const envelope = fc.oneof(
    fc.record({ kind: fc.constant('A' as const), code, asText: fc.boolean(), detail: fc.option(fc.string({ unit: 'grapheme' })) }),
    fc.record({ kind: fc.constant('B' as const), detail: fc.option(fc.oneof(fc.string({ unit: 'grapheme' }), fc.dictionary(fc.string(), fc.string()))) }),
    fc.record({ kind: fc.constant('raw' as const), body: fc.oneof(fc.string({ unit: 'grapheme' }), fc.json(), fc.constant('<html>Bad gateway</html>'), fc.constant('')) }),
  );

  test('every code × HTTP status × envelope (A, B, none) gives an APIError subclass with status, code and request id', async () => {
    await fc.assert(
      fc.asyncProperty(envelope, status, fc.option(headerText), fc.option(fc.oneof(fc.nat().map(String), headerText)), async (answer, httpStatus, requestId, retryAfter) => {
        // A raw body is an error only with an error status; on a 2xx it is data (valid or not, see below).
        const statusUsed = answer.kind === 'raw' && httpStatus < 400 ? httpStatus + 200 : httpStatus;
        const body =
          answer.kind === 'A'
            ? JSON.stringify({ code: answer.asText && answer.code >= 0 ? String(answer.code) : answer.code, message: answer.detail ?? undefined, data: null })
            : answer.kind === 'B'
              ? JSON.stringify({ success: false, error: answer.detail ?? undefined })
              : answer.body;
        const headers = { 'content-type': 'application/json', ...(requestId && { 'x-request-id': requestId }), ...(retryAfter && { 'retry-after': retryAfter }) };
        const fetch = async () => new Response(body, { status: statusUsed, headers });
        const error = await rejectionOf(client({ fetch, maxRetries: 0, retryRateLimit: false, renewToken: false }).credits.balance());

        expect(error).toBeInstanceOf(NemoVideoError);
        expect(error).toBeInstanceOf(APIError);
        expect(error.name).toBe(error.constructor.name);
        expect(error.status).toBe(statusUsed);
        expect(error.requestId).toBe(requestId ?? undefined);
        const sent = answer.kind === 'A' ? answer.code : undefined;
        expect(error.code).toBe(sent ?? statusUsed);
        const byCode = sent !== undefined ? BY_CODE.get(sent) : undefined;
        if (byCode) expect(error).toBeInstanceOf(byCode);
        // Without a code in the body, these statuses name the class whatever the body says.
        const byStatus = sent === undefined ? BY_STATUS.get(statusUsed) : undefined;
        if (byStatus) expect(error).toBeInstanceOf(byStatus);
        // Retry-After in seconds is read on every APIError; a 429 without a readable one waits the documented 30 s.
        const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
        expect(error.retryAfter).toBe(error instanceof RateLimitError ? (seconds ?? 30) : seconds);
        expect(typeof error.message).toBe('string');
      }),
      RUNS,
    );
  });

  test('a 2xx body of any shape ends in data or a NemoVideoError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'grapheme' }), fc.json()), fc.integer({ min: 200, max: 299 }).filter((s) => ![204, 205].includes(s)), async (body, ok) => {
        const fetch = async () => new Response(body, { status: ok, headers: { 'content-type': 'application/json' } });
        const outcome = await client({ fetch }).credits.balance().catch((error: unknown) => error);
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(NemoVideoError);
      }),
      RUNS,
    );
  });
});

describe('no token, of any shape, survives in anything surfaced', LIMIT, () => {
  const base64url = fc.base64String({ minLength: 8, maxLength: 60 }).map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
  const token = fc
    .oneof(
      fc.stringMatching(/^[\x21-\x7e]{12,64}$/), // anything a header can carry
      fc.base64String({ minLength: 12, maxLength: 64 }), // with + / =
      fc.tuple(base64url, base64url, base64url).map((parts) => parts.join('.')), // JWT-ish
      fc.string({ unit: 'grapheme', minLength: 12, maxLength: 40 }), // unicode: refused before it is sent
      fc.string({ unit: 'binary', minLength: 12, maxLength: 40 }), // control characters too
    )
    .filter((t) => t.trim().length >= 12);

  type Where = 'message' | 'detail' | 'request-id' | 'thrown' | 'cut' | 'chat-error' | 'chat-bad-json' | 'chat-cut';
  const where = fc.constantFrom<Where>('message', 'detail', 'request-id', 'thrown', 'cut', 'chat-error', 'chat-bad-json', 'chat-cut');
  const errorStatus = fc.constantFrom(200, 400, 401, 404, 429, 500, 503);
  const envelopeKind = fc.constantFrom('A', 'B', 'raw');

  /** Everything a caller could print of an error: its renderings, each field, its whole cause chain. */
  function surfaced(error: unknown): string {
    const parts = [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), String(error)];
    for (let e = error as { cause?: unknown } | undefined, depth = 0; e && depth < 20; e = e.cause as typeof e, depth++) {
      if (typeof e !== 'object') parts.push(String(e));
      else for (const key of [...Object.getOwnPropertyNames(e), 'message', 'stack', 'name']) parts.push(String((e as Record<string, unknown>)[key]));
    }
    return parts.join('\n');
  }

  /** A body that sends `first`, then fails with `error` (a dropped connection). */
  const cutBody = (first: string, error: unknown) => {
    let sent = false;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(error);
        sent = true;
        controller.enqueue(encoder.encode(first));
      },
    });
  };

  test('a server that echoes it in the body, headers, error detail, a thrown error or a chat stream', async () => {
    await fc.assert(
      fc.asyncProperty(token, where, errorStatus, envelopeKind, fc.boolean(), async (secret, at, httpStatus, kind, whole) => {
        const lines: string[] = [];
        const logger = { debug: (line: string) => void lines.push(line), warn: (line: string) => void lines.push(line) };
        // The server echoes what it was sent: the header as a whole ("Bearer …"), or the token alone.
        const fetch = async (url: string | URL | Request, init?: RequestInit) => {
          const request = new Request(url, init);
          const header = request.headers.get('authorization') ?? '';
          const echo = whole ? header : header.replace(/^Bearer /, '');
          const chat = new URL(request.url).pathname === '/run_sse';
          if (at === 'thrown') throw Object.assign(new TypeError(`fetch failed: ${echo}`), { cause: { request, echo } });
          if (at === 'cut') return new Response(cutBody('{"code":0,', new TypeError(`terminated ${echo}`)), { headers: { 'content-type': 'application/json' } });
          if (chat && at.startsWith('chat-')) {
            const sse = { 'content-type': 'text/event-stream' };
            if (at === 'chat-error') return new Response(`data: ${JSON.stringify({ error: `run failed for ${echo}` })}\n\n`, { headers: sse });
            if (at === 'chat-bad-json') return new Response(`data: ${'x'.repeat(60)}${echo} }\n\n`, { headers: sse });
            return new Response(cutBody('data: {"content":{"parts":[{"text":"hi"}]}}\n\n', new TypeError(`socket closed ${echo}`)), { headers: sse });
          }
          const detail = at === 'detail' || at === 'message' ? `rejected: ${echo}` : 'failed';
          const body =
            kind === 'A' ? JSON.stringify({ code: httpStatus === 200 ? 5000 : httpStatus, message: detail }) : kind === 'B' ? JSON.stringify({ success: false, error: detail }) : `<p>${detail}</p>`;
          const headers: Record<string, string> = { 'content-type': 'application/json', 'retry-after': '0' };
          if (at === 'request-id') headers['x-request-id'] = echo || 'none';
          return new Response(body, { status: kind === 'raw' && httpStatus === 200 ? 500 : httpStatus, headers });
        };
        const auth: AuthStrategy = { kind: 'fuzz', token: async () => secret };
        const nv = client({ authStrategy: auth, fetch: fetch as typeof globalThis.fetch, logger, maxRetries: 1 });
        const error = at.startsWith('chat-') ? await rejectionOf(nv.chat.stream('1', 'hi').finalText()) : await rejectionOf(nv.credits.balance());

        expect(error).toBeInstanceOf(NemoVideoError);
        const printed = [surfaced(error), lines.join('\n'), inspect(nv, { depth: Infinity, showHidden: true }), JSON.stringify(nv)].join('\n');
        expect(printed).not.toContain(secret);
        expect(printed).not.toContain(encodeURIComponent(secret));
      }),
      ECHO_RUNS,
    );
  });
});
