/**
 * The proxy in process: `createProxy` called with Requests, its upstream the emulator (or a stub) behind a fetch
 * that records everything that reached it, and a page's client (proxyAuth) whose fetch goes to the proxy for
 * the app's origin and to the emulator's CDN otherwise.
 */
import { onTestFinished, vi } from 'vitest';
import { NemoVideo, proxyAuth, type ClientOptions } from '../../../src/index.js';
import { createProxy, type ProxyOptions } from '../../../src/server/index.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../src/testing/index.js';

/** The API the proxy forwards to (in process: the emulator behind `fetch`). */
export const UPSTREAM = 'https://upstream.test';
/** The web app: its pages and its proxy. */
export const APP = 'https://app.test';
export const PREFIX = '/api/nemo';

/** What reached the upstream: one entry per request, read before the upstream answered. */
export interface Upstreamed {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  cache: string;
  signal: AbortSignal;
  /** The body as the upstream got it (a stream for uploads): the upstream reads it itself. */
  request: Request;
}

/** A fetch for the proxy that records each request, then lets `answer` (the emulator by default) answer it. */
export function recordingFetch(answer: (request: Request) => Promise<Response> | Response) {
  const seen: Upstreamed[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    seen.push({
      method: request.method,
      url: request.url,
      path: url.pathname,
      headers: Object.fromEntries(request.headers),
      cache: request.cache,
      signal: init?.signal ?? request.signal,
      request,
    });
    return answer(request);
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

/** A proxy in front of an emulator, the emulator's log, and what reached it. */
export function proxied(proxyOptions: ProxyOptions = {}, emulatorOptions: EmulatorOptions = {}) {
  vi.stubEnv('NEMO_TOKEN', '');
  vi.stubEnv('NEMO_BASE_URL', '');
  onTestFinished(() => void vi.unstubAllEnvs());
  const emulator = createEmulator({ renderMs: 20, credits: 10_000, silentEditRate: 0, delayMs: [0, 0], ...emulatorOptions });
  const upstream = recordingFetch((request) => emulator.handle(request));
  const proxy = createProxy({ baseURL: UPSTREAM, fetch: upstream.fetch, ...proxyOptions });
  return { emulator, proxy, seen: upstream.seen, page: (options: PageOptions = {}) => page(proxy, emulator, options) };
}

/** A page's client: `user` goes in a cookie (the app's `authorize` reads it), `origin` in the Origin header. */
export interface PageOptions extends ClientOptions {
  user?: string;
  origin?: string;
  /** Extra headers the page's requests carry (to show they are dropped). */
  extra?: Record<string, string>;
}

export function page(proxy: (request: Request) => Promise<Response>, emulator: Emulator | undefined, { user, origin, extra = {}, ...options }: PageOptions = {}): NemoVideo {
  return new NemoVideo({
    baseURL: `${APP}${PREFIX}`,
    authStrategy: proxyAuth(),
    maxRetries: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.startsWith(`${APP}/`)) {
        if (!emulator) throw new Error(`the page fetched ${request.url}`);
        return emulator.handle(request); // the emulator's CDN, as a browser reaches it directly
      }
      if (user) request.headers.set('cookie', `user=${user}`);
      if (origin) request.headers.set('origin', origin);
      for (const [name, value] of Object.entries(extra)) request.headers.set(name, value);
      return proxy(request);
    },
    ...options,
  });
}

/** The app's `authorize`: the user from the `user` cookie, refused without one. */
export const byCookie = async (request: Request): Promise<string> => {
  const user = /(?:^|;\s*)user=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  if (!user) throw new Error('signed out');
  return user;
};

/** A Request to the proxy at `path` (under the prefix unless it starts with `/`). */
export function to(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Request {
  const url = path.startsWith('http') ? path : `${APP}${path.startsWith('/') ? '' : `${PREFIX}/`}${path}`;
  return new Request(url, { ...init, ...(init.body instanceof ReadableStream && { duplex: 'half' }) } as RequestInit);
}
