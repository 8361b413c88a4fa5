import type { ProxyHandler } from './proxy.js';

// Node's req and res, by their shape only: this module imports nothing from Node, so `nemo-video/server` stays
// importable in Workers and browsers-like runtimes, while `toNodeHandler` works with node:http, Express and
// Fastify (whose `request.raw` and `reply.raw` are these).

/**
 * What {@link toNodeHandler} reads of a request: node:http's `IncomingMessage` (Express's `req` is one).
 *
 * @example
 * ```ts
 * createServer((req: NodeRequestLike, res: NodeResponseLike) => node(req, res));
 * ```
 */
export interface NodeRequestLike {
  /** The request method. */
  method?: string | undefined;
  /** The path and query, as received (under an Express mount point, the part after it). */
  url?: string | undefined;
  /** Express: the path and query before a mount point took its part. */
  originalUrl?: string | undefined;
  /** The request headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The connection; its `encrypted` is true on TLS. */
  socket?: object | null | undefined;
  /** Set when a body parser already read the body (Express's `express.json()`): it is sent as it was parsed. */
  body?: unknown;
  /** Whether the body stream has been read to its end. */
  readableEnded?: boolean | undefined;
  /** `data`: a chunk of the body; `end`: the body is over; `error`: reading it failed. */
  on(event: 'data' | 'end' | 'error', listener: (value?: any) => void): unknown;
  /** Removes a listener added with `on`. */
  removeListener(event: 'data' | 'end' | 'error', listener: (value?: any) => void): unknown;
  /** Stops reading the body until `resume`. */
  pause(): unknown;
  /** Goes on reading the body (with no `data` listener, what comes is discarded). */
  resume(): unknown;
}

/**
 * What {@link toNodeHandler} uses of a response: node:http's `ServerResponse` (Express's `res`, Fastify's `reply.raw`).
 *
 * @example
 * ```ts
 * const write = (res: NodeResponseLike) => res.writeHead(204, {}).end();
 * ```
 */
export interface NodeResponseLike {
  /** Whether the status line and headers went out. */
  readonly headersSent: boolean;
  /** Whether `end()` was called and everything was handed to the system. */
  readonly writableFinished?: boolean | undefined;
  /** Sends the status and headers. */
  writeHead(status: number, headers: Record<string, string>): unknown;
  /** Sends the headers now, before any body (an SSE stream starts at once). */
  flushHeaders?(): void;
  /** Sends a chunk; false when the buffer is full (wait for `drain`). */
  write(chunk: Uint8Array): boolean;
  /** Ends the response. */
  end(): unknown;
  /** Drops the connection. */
  destroy(error?: Error): unknown;
  /** `close`: the connection closed; `drain`: the buffer has room again. */
  once(event: 'close' | 'drain', listener: () => void): unknown;
  /** Removes a listener added with `once`. */
  removeListener(event: 'close' | 'drain', listener: () => void): unknown;
}

/**
 * What {@link toNodeHandler} hands its handler besides the Request (and the proxy hands `authorize`): Node's
 * own `req` and `res`, with whatever the framework put on them (Express's `req.user`, `req.session`).
 *
 * @example
 * ```ts
 * createProxy<NodeContext>({ authorize: (_request, context) => (context?.req as express.Request).user!.id });
 * ```
 */
export interface NodeContext {
  /** The request as node:http (or Express, or Fastify's `request.raw`) gave it. */
  req: NodeRequestLike;
  /** The response it will be written to. */
  res: NodeResponseLike;
}

/**
 * Turns a fetch-standard handler (the proxy of {@link createProxy}) into a node:http listener `(req, res)`, for
 * node:http, Express and Fastify. Bodies stream both ways (an upload is not held in memory; each SSE event is
 * written as it comes, with back-pressure), and a client that disconnects aborts the handler's request. The
 * handler gets `{ req, res }` as its context, which the proxy passes to `authorize`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createProxy, toNodeHandler } from 'nemo-video/server';
 * const handler = toNodeHandler(createProxy());
 * createServer(handler).listen(3000);
 * // Express, before any body parser: app.use('/api/nemo', handler);
 * ```
 */
export function toNodeHandler(handler: ProxyHandler<NodeContext>): (req: NodeRequestLike, res: NodeResponseLike) => void {
  return (req, res) => void respond(handler, req, res);
}

async function respond(handler: ProxyHandler<NodeContext>, req: NodeRequestLike, res: NodeResponseLike): Promise<void> {
  const gone = new AbortController();
  let request: Request | undefined;
  const onClose = () => {
    if (!res.writableFinished) gone.abort(new Error('The client closed the connection.'));
  };
  res.once('close', onClose);
  try {
    request = toRequest(req, gone.signal);
    const response = await handler(request, { req, res });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    res.writeHead(response.status, headers);
    res.flushHeaders?.();
    if (response.body) await pipe(response.body, res, gone.signal);
    if (!gone.signal.aborted) res.end();
  } catch {
    // A client that went away mid-response is normal (a closed stream); anything else is a 500.
    if (gone.signal.aborted) return;
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write(new TextEncoder().encode(JSON.stringify({ code: 500, message: 'The proxy failed.' })));
      res.end();
    } else res.destroy();
  } finally {
    res.removeListener('close', onClose);
    // A body the handler never read (a refusal) is drained, so the connection can serve the next request.
    if (request?.body && !request.body.locked) request.body.cancel().catch(() => undefined);
  }
}

/** The Request a fetch handler expects, with the body streamed from `req` as it is read. */
function toRequest(req: NodeRequestLike, signal: AbortSignal): Request {
  const host = (req.headers.host as string | undefined) ?? 'localhost';
  const tls = (req.socket as { encrypted?: boolean } | null | undefined)?.encrypted;
  const url = `${tls ? 'https' : 'http'}://${host}${req.originalUrl ?? req.url ?? '/'}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (`:path`) are not headers.
    if (value === undefined || name.startsWith(':')) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let body: BodyInit | undefined;
  if (hasBody && req.readableEnded && req.body !== undefined) {
    // A body parser ran first: what it parsed is all there is.
    body = typeof req.body === 'string' || req.body instanceof Uint8Array ? (req.body as BodyInit) : JSON.stringify(req.body);
    headers.delete('content-length');
  } else if (hasBody) body = bodyStream(req);
  return new Request(url, { method, headers, body, signal, ...(body instanceof ReadableStream && { duplex: 'half' }) } as RequestInit);
}

/**
 * `req`'s body as a web stream, read only as fast as the handler reads it. Cancelled (a refusal, a body over
 * the limit), the rest is read and discarded, as Node does with a body nobody read, so the answer still goes
 * out on the connection.
 */
function bodyStream(req: NodeRequestLike): ReadableStream<Uint8Array> {
  let stop!: () => void;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // node:http gives Buffers, which are Uint8Arrays: passed on as they are, never copied.
      const onData = (chunk: Uint8Array | string) => {
        controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      const onEnd = () => (stop(), controller.close());
      const onError = (error: unknown) => (stop(), controller.error(error));
      stop = () => {
        req.removeListener('data', onData);
        req.removeListener('end', onEnd);
        req.removeListener('error', onError);
      };
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('error', onError);
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      stop();
      req.resume();
    },
  });
}

/** Writes `body` to `res` a chunk at a time, waiting for `drain` when it is full; stops when the client is gone. */
async function pipe(body: ReadableStream<Uint8Array>, res: NodeResponseLike, gone: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const stop = () => void reader.cancel(gone.reason).catch(() => undefined);
  gone.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || gone.aborted) return;
      if (!res.write(value)) await drained(res, gone);
    }
  } finally {
    gone.removeEventListener('abort', stop);
  }
}

function drained(res: NodeResponseLike, gone: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.removeListener('drain', done);
      gone.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    gone.addEventListener('abort', done, { once: true });
  });
}
