/**
 * A web app's journey over real sockets on 127.0.0.1: the page's client (proxyAuth) → the proxy on node:http
 * (createProxy through toNodeHandler) → the emulator's server. Every resource, upload progress, export and
 * download; a refused upload that reaches nothing; a chat whose events arrive one by one; a page that goes
 * away aborting the call upstream.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, FileTooLargeError, NemoVideo, PermissionDeniedError, proxyAuth, type ChatEvent, type UploadProgress } from '../../src/index.js';
import { createProxy, toNodeHandler, type ProxyOptions } from '../../src/server/index.js';
import { serve, type RunningServer } from '../../src/testing/server/serve.js';
import { GENERATE } from './helpers/events.js';
import { solidPng } from './helpers/png.js';
import { callsTo, useEmulatorServer } from './helpers/server.js';

const emulator = useEmulatorServer({ render: 'tiny', renderMs: 200, credits: 10_000 });

/** Starts `createProxy(options)` on node:http at 127.0.0.1; the server and its URL. */
async function listen(options: ProxyOptions): Promise<{ url: string; server: Server }> {
  const server = createServer(toNodeHandler(createProxy(options)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
const close = (server: Server) => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
};

/** A page's client on the proxy; `user` rides in a cookie, as a signed-in browser's would. */
const pageClient = (proxyUrl: string, user?: string) =>
  new NemoVideo({
    baseURL: `${proxyUrl}/api/nemo`,
    authStrategy: proxyAuth(),
    maxRetries: 0,
    fetch: (input, init) => {
      const request = new Request(input, init);
      if (user && request.url.startsWith(proxyUrl)) request.headers.set('cookie', `user=${user}`);
      return fetch(request);
    },
  });

const byCookie = async (request: Request) => /user=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? Promise.reject(new Error('signed out'));

describe('the page through the proxy on node:http, the emulator behind it', () => {
  let proxy: { url: string; server: Server };
  /** The signal of each request the proxy sent upstream, by path. */
  const upstreamSignals: Array<{ path: string; signal: AbortSignal }> = [];
  beforeAll(async () => {
    proxy = await listen({
      baseURL: emulator.url,
      authorize: byCookie,
      maxUploadBytes: 64 * 1024,
      fetch: (input, init) => {
        const request = new Request(input, init);
        upstreamSignals.push({ path: new URL(request.url).pathname, signal: init?.signal ?? request.signal });
        return fetch(input, init);
      },
    });
  });
  afterAll(() => close(proxy.server));

  it('runs every resource: session, chat, upload with progress, state, credits, export, download', async () => {
    const nv = pageClient(proxy.url, 'alice');
    const since = emulator.emulator.requests.length;
    const session = await nv.sessions.create();
    const answer = await nv.chat.stream(session.id, GENERATE).finalText();
    expect(answer).not.toBe('');
    const progress: UploadProgress[] = [];
    const png = solidPng(64, 36, [200, 80, 40]);
    const uploaded = await nv.uploads.create(session.id, { file: new File([png], 'cover.png', { type: 'image/png' }) }, { onProgress: (p) => progress.push(p) });
    expect(uploaded.files[0]).toMatchObject({ filename: 'cover.png', width: 64, height: 36 });
    expect(progress.at(-1)).toEqual({ loaded: png.byteLength, total: png.byteLength });
    expect((await nv.state.get(session.id)).draft?.tracks.length).toBeGreaterThan(0);
    expect((await nv.credits.balance()).available).toBeGreaterThan(0);
    const statuses: number[] = [];
    const { url } = await nv.export(session.id, { interval: 50, onProgress: (s) => statuses.push(s.progress) });
    expect(statuses.at(-1)).toBe(100);
    const mp4 = new Uint8Array(await new Response(await nv.download(url)).arrayBuffer());
    expect(new TextDecoder().decode(mp4.slice(4, 8))).toBe('ftyp');
    // The page asked for no token: the one anonymous token is the proxy's, and no page header reached the API.
    const seen = emulator.emulator.requests.slice(since);
    expect(seen.filter((r) => r.path === '/api/auth/anonymous-token').length).toBeLessThanOrEqual(1);
    expect(seen.every((r) => r.status < 400)).toBe(true);
  });

  it("refuses another user's session with 403, forwarding nothing", async () => {
    const session = await pageClient(proxy.url, 'alice').sessions.create();
    const since = emulator.emulator.requests.length;
    const error = await pageClient(proxy.url, 'bob').state.get(session.id).catch((e) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(emulator.emulator.requests.length).toBe(since);
  });

  it('refuses an upload over maxUploadBytes with 413 before a byte reaches the API', async () => {
    const nv = pageClient(proxy.url, 'alice');
    const session = await nv.sessions.create();
    const since = emulator.emulator.requests.length;
    const error = await nv.uploads.create(session.id, { file: new File([new Uint8Array(200 * 1024)], 'big.mp4', { type: 'video/mp4' }) }).catch((e) => e);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect(error.status).toBe(413);
    expect(emulator.emulator.requests.length).toBe(since);
  });

  it('a page that goes away mid-chat aborts the chat upstream', async () => {
    const nv = pageClient(proxy.url, 'alice');
    const session = await nv.sessions.create();
    emulator.emulator.faults.inject({ kind: 'stalled-stream' }); // headers, then silence: only a close ends it
    const controller = new AbortController();
    const before = upstreamSignals.length;
    const events: ChatEvent[] = [];
    const read = (async () => {
      for await (const event of nv.chat.stream(session.id, 'make it 8 seconds', { signal: controller.signal })) events.push(event);
    })().catch((e) => e);
    const upstream = await until(() => upstreamSignals.slice(before).find((s) => s.path === '/run_sse'));
    controller.abort();
    expect(await read).toBe(controller.signal.reason);
    await new Promise<void>((resolve) => (upstream.signal.aborted ? resolve() : upstream.signal.addEventListener('abort', () => resolve())));
    expect(upstream.signal.aborted).toBe(true);
  });
});

describe('mounted the way Express mounts it', () => {
  it('reads the path from originalUrl, a body a parser already read from req.body, and the user its middleware set', async () => {
    const handler = toNodeHandler(createProxy({ baseURL: emulator.url, authorize: (_request, context) => (context?.req as { user?: string }).user ?? '' }));
    // What `app.use('/api/nemo', session(), express.json(), handler)` hands over: the mount point cut from
    // req.url, the whole path in originalUrl, the user its session middleware found, a JSON body read and
    // parsed into req.body.
    const server = createServer(async (req, res) => {
      const mounted = req as typeof req & { originalUrl?: string; body?: unknown; user?: string };
      mounted.originalUrl = req.url;
      mounted.user = /user=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
      req.url = req.url!.slice('/api/nemo'.length);
      if (/json/.test(req.headers['content-type'] ?? '')) {
        let text = '';
        for await (const chunk of req) text += chunk;
        mounted.body = JSON.parse(text);
      }
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const nv = pageClient(url, 'alice');
      const session = await nv.sessions.create();
      expect(await nv.chat.stream(session.id, 'what is on the timeline?').finalText()).not.toBe('');
      expect(await pageClient(url, 'bob').state.get(session.id).catch((e) => e)).toBeInstanceOf(PermissionDeniedError);
      expect(await pageClient(url).state.get(session.id).catch((e) => e)).toBeInstanceOf(AuthenticationError);
    } finally {
      await close(server);
    }
  });
});

describe('streaming over real sockets', () => {
  let upstream: RunningServer;
  let proxy: { url: string; server: Server };
  let release!: () => void;
  let bodyBytes!: (n: number) => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const firstUploadChunk = new Promise<number>((resolve) => (bodyBytes = resolve));
  beforeAll(async () => {
    // A stub API: a session, a chat that sends one event and the rest only once the test says, an upload that
    // reports its first chunk as it arrives.
    upstream = await serve(async (request) => {
      const path = new URL(request.url).pathname;
      if (path === '/api/tasks/me/with-session/nemo_agent') return Response.json({ code: 0, data: { task_id: 't', session_id: '42' } });
      if (path.startsWith('/api/upload-video/')) {
        const reader = request.body!.getReader();
        let total = 0;
        for (let part = await reader.read(); !part.done; part = await reader.read()) {
          if (total === 0) bodyBytes(part.value.byteLength);
          total += part.value.byteLength;
        }
        return Response.json({ code: 0, data: { files: [], total } });
      }
      const encoder = new TextEncoder();
      const frame = (text: string) => encoder.encode(`data: ${JSON.stringify({ author: 'a', content: { parts: [{ text }] } })}\n\n`);
      return new Response(
        new ReadableStream({
          async start(controller) {
            controller.enqueue(frame('First.'));
            await gate;
            controller.enqueue(frame('Second.'));
            controller.close();
          },
        }),
        { headers: { 'Content-Type': 'text/event-stream' } },
      );
    });
    proxy = await listen({ baseURL: upstream.url, token: 'nmv_usr_server' });
  });
  afterAll(async () => {
    await close(proxy.server);
    await upstream.close();
  });

  it('each chat event reaches the page as the API sends it, through node:http', async () => {
    const nv = pageClient(proxy.url);
    const session = await nv.sessions.create();
    const events = nv.chat.stream(session.id, 'hi')[Symbol.asyncIterator]();
    expect((await events.next()).value).toMatchObject({ type: 'text', text: 'First.' });
    release();
    expect((await events.next()).value).toMatchObject({ type: 'text', text: 'Second.' });
    expect((await events.next()).value).toEqual({ type: 'done', hadText: true });
  });

  it('an upload streams through node:http and the proxy: the API reads the first bytes before the rest is sent', async () => {
    await pageClient(proxy.url).sessions.create();
    let more!: () => void;
    const sendRest = new Promise<void>((resolve) => (more = resolve));
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new Uint8Array(1000));
        await sendRest;
        controller.enqueue(new Uint8Array(2000));
        controller.close();
      },
    });
    const answer = fetch(`${proxy.url}/api/nemo/api/upload-video/nemo_agent/me/42`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(await firstUploadChunk).toBeGreaterThan(0);
    more();
    expect(await (await answer).json()).toMatchObject({ data: { total: 3000 } });
  });
});

/** Resolves with `find()`'s first defined answer, checking again after each turn of the event loop. */
async function until<T>(find: () => T | undefined): Promise<T> {
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
