import { http, HttpResponse } from 'msw';
import type { ChatEvent } from '../../../src/index.js';
import { createRandom } from '../../../src/testing/random.js';
import { BASE, server } from './server.js';

const encoder = new TextEncoder();

/** One SSE frame as ADK sends it: `data: <json>` and a blank line. */
export const frame = (event: unknown): string => `data: ${JSON.stringify(event)}\n\n`;

/** An ADK event holding `parts` in its content. */
export const adk = (parts: unknown[], extra: Record<string, unknown> = {}) => ({ author: 'nemo_agent', content: { role: 'model', parts }, ...extra });

/**
 * A response body the test drives from the server side: push text, close it, or cut it with an error.
 * Records whether the client cancelled it (closing the connection).
 */
export interface ServerStream {
  readonly body: ReadableStream<Uint8Array>;
  send(chunk: string | Uint8Array): void;
  close(): void;
  fail(error: unknown): void;
  /** Settles when the client cancels the body. */
  readonly cancelled: Promise<void>;
  readonly isCancelled: boolean;
}

/**
 * msw hands each mocked response to its `response:mocked` listeners as a tee'd clone that nobody reads or
 * cancels; per the Streams spec a tee only cancels its source once both branches are cancelled, so a client's
 * cancel would never reach the handler's stream. Cancelling that clone lets a client's cancel reach the
 * server side, as closing a real connection would.
 */
server.events.on('response:mocked', ({ request, response }) => {
  if (new URL(request.url).pathname === '/run_sse') void response.body?.cancel().catch(() => undefined);
});

/** `onCancel` runs when the client cancels; what it returns is what the body's cancel returns. */
export function serverStream(onCancel?: () => void | Promise<void>): ServerStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let isCancelled = false;
  let markCancelled!: () => void;
  const cancelled = new Promise<void>((resolve) => (markCancelled = resolve));
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => {
      isCancelled = true;
      markCancelled();
      return onCancel?.();
    },
  });
  return {
    body,
    send: (chunk) => controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk),
    close: () => controller.close(),
    fail: (error) => controller.error(error),
    cancelled,
    get isCancelled() {
      return isCancelled;
    },
  };
}

/** `text`'s UTF-8 bytes cut into chunks whose sizes `nextSize` picks (any multi-byte character may be split). */
export function cut(text: string, nextSize: () => number): Uint8Array[] {
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = Math.max(1, nextSize());
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  return chunks;
}

/** A seeded generator of chunk sizes in 1..max (the emulator's seeded random), so a failing cut can be replayed. */
export function seededSizes(seed: number, max: number): () => number {
  const random = createRandom(seed);
  return () => 1 + random.int(max);
}

/** A server stream that serves `chunks` one enqueue each, then ends. */
export function servedChunks(chunks: Array<string | Uint8Array>): ServerStream {
  const stream = serverStream();
  for (const chunk of chunks) stream.send(chunk);
  stream.close();
  return stream;
}

/**
 * A server stream that sends `text` every `everyMs` ms (the server's own pace) until the client cancels it,
 * optionally ending after `times` sends.
 */
export function tickingStream(text: string, everyMs: number, times = Infinity): ServerStream {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stream = serverStream(() => clearInterval(timer));
  let sent = 0;
  timer = setInterval(() => {
    stream.send(text);
    if (++sent >= times) {
      clearInterval(timer);
      stream.close();
    }
  }, everyMs);
  return stream;
}

/** An SSE response with `body`. */
const sseResponse = (body: ReadableStream<Uint8Array>): Response =>
  new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } });

/** What the /run_sse handler saw of a request: its headers and JSON body. */
export interface SeenChatRequest {
  headers: Headers;
  body: unknown;
}

/**
 * Answers POST /run_sse with `respond` (a ServerStream is served as SSE) and records every request.
 */
export function onRunSse(respond: (request: Request) => ServerStream | Response | Promise<ServerStream | Response>): SeenChatRequest[] {
  const seen: SeenChatRequest[] = [];
  server.use(
    http.post(`${BASE}/run_sse`, async ({ request }) => {
      seen.push({ headers: request.headers, body: await request.clone().json() });
      const answer = await respond(request);
      return answer instanceof Response ? answer : sseResponse(answer.body);
    }),
  );
  return seen;
}

/** Serves `text` (one chunk) on /run_sse. */
export const serveSse = (text: string): SeenChatRequest[] => onRunSse(() => servedChunks([text]));

export { collect, collectUntilError } from '../../helpers/stream.js';
