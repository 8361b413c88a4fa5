// Properties over generated input (fast-check, bounded runs): the error mapping is total (every code, HTTP
// status and envelope gives a NemoVideoError subclass with the right fields), and no token, of any shape,
// survives in anything the SDK surfaces when a server echoes it back anywhere it can.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  APIError,
  AuthenticationError,
  FileTooLargeError,
  InsufficientCreditsError,
  NemoVideoError,
  RateLimitError,
  SessionNotFoundError,
  UnsupportedFileTypeError,
  type AuthStrategy,
} from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';

/** Keeps each property to a few seconds at most; a failure prints its seed to replay it. */
const RUNS = { numRuns: 150 };
/** The echoing server's property runs whole calls, chats included: fewer runs. */
const ECHO_RUNS = { numRuns: 100 };

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

/** Statuses a Response can carry a body with: 200-599, less the null-body ones. */
const status = fc.integer({ min: 200, max: 599 }).filter((s) => ![204, 205, 304].includes(s));
const headerText = fc.stringMatching(/^[\x21-\x7e]{1,40}$/);

describe('the error mapping is total', () => {
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
        if (sent === undefined && statusUsed === 401) expect(error).toBeInstanceOf(AuthenticationError);
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

describe('no token, of any shape, survives in anything surfaced', () => {
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

  const encoder = new TextEncoder();
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
