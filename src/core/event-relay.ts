import { APIError, InsufficientCreditsError, RateLimitError } from './errors/api.js';
import { NemoVideoError, StreamError, redact } from './errors/base.js';
import { errorFromResponse } from './errors/from-response.js';
import { parseJson, unwrap } from './envelope.js';
import { sseReader } from './sse.js';

// The SDK's own typed events relayed as Server-Sent Events, and read back: a server turns a chat turn (or Studio's
// updates) into a Response for its page, and the page reads the same typed events. One value a `data:` line; the
// end is an `event: end` frame, so a cut connection is told from a finished stream; a failure is an
// `event: failure` frame carrying what rebuilds the typed error (class, status, code, request id, Retry-After).

/** What a relayed event stream's response says: no caching, no transforming, no buffering in a proxy (nginx). */
export const EVENT_STREAM_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
} as const;

/** An `event: failure` frame's data, and what an Error inside a relayed value becomes. */
export interface Failure {
  name?: string;
  message?: string;
  status?: number;
  code?: number;
  requestId?: string;
  retryAfter?: number;
}

/**
 * Each value of `source` as a `data: <json>` SSE frame, as it comes. A failure of `source` becomes a last
 * `event: failure` frame; the normal end, an `event: end` frame. Cancelling the stream (the page went away)
 * calls `close` (which should end what `source` is waiting on: a generator waiting for its next value cannot be
 * returned from until it gets one) and ends the iteration.
 */
export function toEventStream(source: AsyncIterable<unknown>, close?: () => void): ReadableStream<Uint8Array> {
  // Taken now, so that a source that can be iterated only once says so at the call, not in the stream.
  const iterator = source[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  // An Error inside a value (a Studio remedy's `error`) goes as a failure would: its class, status and code.
  const replacer = (_key: string, value: unknown) => (value instanceof Error ? failureOf(value) : value);
  const frame = (data: unknown, event?: string) => encoder.encode(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data, replacer)}\n\n`);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await iterator.next();
        controller.enqueue(done ? frame({}, 'end') : frame(value));
        if (done) controller.close();
      } catch (error) {
        // After a cancel the controller takes nothing more: the failure is the cancel's own doing.
        try {
          controller.enqueue(frame(failureOf(error), 'failure'));
          controller.close();
        } catch {}
      }
    },
    cancel() {
      close?.();
      // Not awaited: it waits for the pending next(), which only `close` can end.
      iterator.return?.()?.catch(() => undefined);
    },
  });
}

/** A Response streaming `body` as SSE, with `init`'s status and headers on top of {@link EVENT_STREAM_HEADERS}. */
export function eventStreamResponse(body: ReadableStream<Uint8Array>, init: ResponseInit = {}): Response {
  const headers = new Headers(EVENT_STREAM_HEADERS);
  new Headers(init.headers).forEach((value, name) => headers.set(name, value));
  return new Response(body, { ...init, headers });
}

/**
 * What a failure frame carries: never a token (messages are redacted), and no registration link, which would
 * name the relaying server's account.
 */
function failureOf(error: unknown): Failure {
  const e = error as APIError & RateLimitError;
  return {
    name: e?.name,
    message: error instanceof InsufficientCreditsError ? undefined : redact(String(e?.message ?? error)),
    ...(error instanceof APIError && { status: e.status, code: e.code, requestId: e.requestId, retryAfter: e.retryAfter }),
  };
}

/** The typed error a failure frame stands for: an APIError subclass when it came from the API, else a StreamError. */
export function errorOf({ name, message, ...failure }: Failure): NemoVideoError {
  if (failure.status === undefined && failure.code === undefined) return new StreamError(`The relayed stream failed: ${name}: ${message}`);
  const error = errorFromResponse(failure);
  if (message) error.message = message;
  return error;
}

/**
 * Reads back what {@link toEventStream} wrote, each value checked by `check`. A response that is not OK is
 * its typed error (as the transport maps it); a failure frame is thrown as its typed error; a body that ends
 * without an end frame was cut: a StreamError. Aborting `signal` (or leaving the loop) closes the connection.
 */
export async function* fromEventStream<T>(
  response: Response,
  check: (value: unknown, index: number) => T,
  { signal, maxEventChars = 8 * 1024 * 1024 }: { signal?: AbortSignal | undefined; maxEventChars?: number | undefined } = {},
): AsyncGenerator<T> {
  if (!response.ok) {
    let body: unknown;
    try {
      body = parseJson(await response.text());
    } catch {
      // not JSON (an HTML error page): the status alone picks the class
    }
    const result = unwrap(body);
    const { code, detail } = result.ok ? {} : result;
    throw errorFromResponse({ status: response.status, code: code ?? response.status, detail, requestId: response.headers.get('x-request-id') ?? undefined });
  }
  if (!response.body) throw new StreamError('The relayed stream has no body.');
  const reader = sseReader(response.body, maxEventChars);
  const aborted = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  let index = 0;
  try {
    for (;;) {
      const items = await Promise.race([reader.read(), aborted]);
      if (!items) throw new StreamError('The relayed stream was cut before its end.');
      for (const item of items) {
        if ('comment' in item || !item.data.trim()) continue;
        let data: unknown;
        try {
          data = JSON.parse(item.data);
        } catch {
          throw new StreamError(`Relayed event #${index} is not JSON.`);
        }
        if (item.event === 'end') return;
        if (item.event === 'failure') throw errorOf(data as Failure);
        yield check(data, index++);
      }
    }
  } finally {
    await reader.cancel();
  }
}
