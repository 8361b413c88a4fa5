import { DEFAULT_BASE_URL, NemoVideo } from '../client.js';
import { anonymousAuth } from '../core/auth/anonymous-auth.js';
import type { AuthStrategy } from '../core/auth/strategy.js';
import { tokenAuth } from '../core/auth/token-auth.js';
import { memoryTokenStore, type TokenStore } from '../core/auth/token-store.js';
import { parseJson, unwrap } from '../core/envelope.js';
import { readEnv } from '../core/env.js';
import { InvalidArgumentError } from '../core/errors/base.js';
import { isHttpUrl } from '../core/http-url.js';
import { MAX_UPLOAD_BYTES } from '../core/limits.js';
import type { Logger } from '../core/logger.js';
import { noStore } from '../core/no-store.js';
import { skillHeaders, type SkillHeaders } from '../core/skill-headers.js';
import { corsHeaders, originAllowed, type AllowedOrigins } from './cors.js';
import { limitBody, readLimited } from './limited-body.js';
import { refusal } from './refusal.js';
import { matchProxyRoute, type ProxyRoute } from './routes.js';
import { memorySessionStore, type SessionStore } from './session-store.js';

/**
 * A fetch-standard request handler: what `createProxy` returns, and what Next.js route handlers, Hono, Bun,
 * Deno and Workers take. `context` is handed to `authorize` as it is: Hono's `c`, a Worker's `env`, the
 * `{ req, res }` of {@link toNodeHandler}, so that `authorize` can read what the framework already knows of the
 * user.
 *
 * @example
 * ```ts
 * const handler: ProxyHandler = createProxy();
 * const response = await handler(new Request('https://app.example/api/nemo/api/credits/balance/simple'));
 * ```
 */
export type ProxyHandler<Context = unknown> = (request: Request, context?: Context) => Promise<Response>;

/**
 * Options of {@link createProxy}. All are optional.
 *
 * @example
 * ```ts
 * createProxy({
 *   token: process.env.NEMO_TOKEN,
 *   authorize: async (request) => (await getSession(request))?.userId ?? Promise.reject(new Error('signed out')),
 *   allowedOrigins: ['https://app.example'],
 * });
 * ```
 */
export interface ProxyOptions<Context = unknown> {
  /**
   * The path the proxy answers under: the page's client uses `<origin><prefix>` as its `baseURL`.
   * @default '/api/nemo'
   */
  prefix?: string | undefined;
  /**
   * The server's token.
   * @default the `NEMO_TOKEN` environment variable where an environment exists; else an anonymous token, as the client gets one
   */
  token?: string | undefined;
  /**
   * Any other way for the server to get tokens; overrides `token`, `clientId` and `tokenStore`.
   * @default tokenAuth(token) when there is a token, else anonymousAuth over `tokenStore`
   */
  authStrategy?: AuthStrategy | undefined;
  /**
   * `X-Client-Id` of the server's anonymous token.
   * @default the stored one, else a new UUID
   */
  clientId?: string | undefined;
  /**
   * Where the server's anonymous credentials are kept.
   * @default memoryTokenStore()
   */
  tokenStore?: TokenStore | undefined;
  /**
   * The API the proxy forwards to: the only upstream it ever calls.
   * @default the `NEMO_BASE_URL` environment variable, else the production API
   */
  baseURL?: string | undefined;
  /**
   * Overrides for the `X-Skill-*` attribution headers the proxy sends (the page's own are dropped).
   * @default the client's defaults
   */
  skill?: SkillHeaders | undefined;
  /**
   * Who is calling: resolve your app's user id for the request (from its session cookie or header, or from
   * `context`: what the handler was called with besides the request, such as `{ req, res }` under
   * {@link toNodeHandler}). A rejection, or an empty id, refuses the call with a 401 envelope; a thrown
   * `Response` is sent as it is. Without it, every visitor is one user: they share the server's account, its
   * credits and every session made through the proxy.
   * @default undefined (no per-user checks: every visitor shares the server's account)
   */
  authorize?: ((request: Request, context: Context | undefined) => string | Promise<string>) | undefined;
  /**
   * Which user created which session and render; a call naming one of another user's (or one the proxy never
   * saw created) is refused with 403 and nothing is forwarded.
   * @default memorySessionStore()
   */
  sessionStore?: SessionStore | undefined;
  /**
   * Cross-origin pages allowed to call the proxy (exact origins, or a test). Same-origin pages always may; any
   * other Origin is refused with 403.
   * @default [] (same origin only)
   */
  allowedOrigins?: AllowedOrigins | undefined;
  /**
   * The largest upload body, in bytes: a larger Content-Length is refused (413) before anything is forwarded,
   * and a body that passes it mid-way is cut and refused.
   * @default 210763776 (the service's 200 MB, and 1 MiB for the multipart framing)
   */
  maxUploadBytes?: number | undefined;
  /**
   * A fetch to reach the API with.
   * @default globalThis.fetch, looked up on each request
   */
  fetch?: typeof fetch | undefined;
  /**
   * Gets a line for each refusal and each forwarded call; never a token.
   * @default no logging
   */
  logger?: Logger | undefined;
}

/** The user every visitor is when there is no `authorize`. */
const EVERYONE = '*';
/** JSON bodies (a chat message, a render's draft) are read whole, so they are capped. */
const MAX_JSON_BYTES = 8 * 1024 * 1024;
/** Request headers a page's call may carry on; everything else (Authorization, Cookie, X-Skill-*, X-Client-Id…) is dropped. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'accept-language', 'range', 'if-range'];
/** Response headers that describe one hop, or the upstream's own CORS and cookies: never passed to the page. */
const DROPPED_RESPONSE_HEADERS = /^(connection|keep-alive|transfer-encoding|te|trailer|upgrade|proxy-.*|set-cookie|access-control-.*|content-encoding|content-length)$/i;

/**
 * A proxy for the page's client (`new NemoVideo({ baseURL: '<origin>/api/nemo', authStrategy: proxyAuth() })`)
 * that keeps the token on your server. Fetch-standard: the same handler runs in Node (with
 * {@link toNodeHandler}), Bun, Deno, Workers and Next.js route handlers.
 *
 * It forwards the API's routes and nothing else (session create, chat, upload, credits, state, render submit,
 * status, cancel, and the render download that needs the token) to the one `baseURL` it was given; every
 * other path is a 404, with nothing forwarded. It drops the page's Authorization, Cookie and X-Skill-* headers
 * and sets its own; streams both ways (each chat event as it comes, an upload without holding it); and a page
 * that goes away aborts the call upstream. With `authorize`, a session or render is forwarded only for the
 * user who created it: everyone else gets a 403, which the SDK throws as PermissionDeniedError. Without it,
 * every visitor shares the server's account and credits.
 *
 * @example
 * ```ts
 * // app/api/nemo/[...path]/route.ts (Next.js App Router)
 * import { createProxy } from 'nemo-video/server';
 * const proxy = createProxy({ authorize: async (request) => (await auth(request)).userId });
 * export const GET = proxy, POST = proxy, OPTIONS = proxy;
 * ```
 */
export function createProxy<Context = unknown>(options: ProxyOptions<Context> = {}): ProxyHandler<Context> {
  const prefix = `/${(options.prefix ?? '/api/nemo').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const baseURL = (options.baseURL ?? readEnv('NEMO_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!isHttpUrl(baseURL)) throw new InvalidArgumentError(`baseURL must be an http(s) URL such as ${DEFAULT_BASE_URL}, got "${baseURL}".`);
  const maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES + 1024 * 1024;
  const store = options.sessionStore ?? memorySessionStore();
  const allowed = options.allowedOrigins ?? [];
  const attribution = skillHeaders(options.skill);
  const { logger } = options;
  const fetchUpstream: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const auth = serverAuth(options, baseURL, fetchUpstream);

  return async function proxy(request: Request, context?: Context): Promise<Response> {
    const url = new URL(request.url);
    // The URL parser has already resolved `.` and `..`: a path that left the prefix does not start with it.
    const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length + 1) : undefined;
    const preflight = request.method === 'OPTIONS';
    const match = path === undefined ? undefined : matchProxyRoute(preflight ? undefined : request.method, path);
    const origin = request.headers.get('origin');
    const originOk = originAllowed(origin, url.host, allowed);
    // CORS headers go only to allowed origins: a refused page cannot even read why.
    const cors = originOk ? corsHeaders(request) : new Headers();
    const refuse = (status: number, message: string) => {
      logger?.debug?.(`nemo proxy: ${request.method} ${url.pathname} refused with ${status}: ${message}`);
      return refusal(status, message, cors);
    };
    if (!match) return refuse(404, 'Not found: not an API route this proxy forwards.');
    if (!originOk) return refuse(403, `Origin ${origin} is not allowed to call this proxy.`);
    if (preflight) return new Response(null, { status: 204, headers: corsHeaders(request, true) });

    let user: string;
    try {
      user = options.authorize ? await options.authorize(request, context) : EVERYONE;
    } catch (error) {
      if (error instanceof Response) return withHeaders(error, cors);
      return refuse(401, 'Not signed in: this app did not authorize the call.');
    }
    if (typeof user !== 'string' || !user) return refuse(401, 'Not signed in: this app did not authorize the call.');

    const { route, id } = match;
    const owns = async (kind: 'session' | 'render', value: unknown) => typeof value === 'string' && (await store.get(kind, value)) === user;
    const notYours = (kind: 'session' | 'render', value: unknown) =>
      refuse(403, `${kind === 'session' ? 'Session' : 'Render'} ${typeof value === 'string' ? value.slice(0, 128) : ''} was not created by this user through this proxy.`);

    // The body, and the ownership of what the call names, before anything goes upstream.
    let body: string | ReadableStream<Uint8Array> | undefined;
    let json: Record<string, unknown> | undefined;
    let overLimit = false;
    if (route.body === 'json') {
      const text = await readLimited(request, MAX_JSON_BYTES);
      if (text === undefined) return refuse(413, `The request body is over this proxy's limit of ${MAX_JSON_BYTES} bytes.`);
      try {
        json = parseJson(text) as Record<string, unknown>;
      } catch {
        // checked below
      }
      if (!json || typeof json !== 'object' || Array.isArray(json)) return refuse(400, 'The request body must be a JSON object.');
      body = text;
    }
    if (route.name === 'chat' && !(await owns('session', json!.session_id))) return notYours('session', json!.session_id);
    if ((route.name === 'upload' || route.name === 'state') && !(await owns('session', id))) return notYours('session', id);
    if (route.name === 'render') {
      if (!(await owns('session', json!.sessionId))) return notYours('session', json!.sessionId);
      const owner = typeof json!.id === 'string' ? await store.get('render', json!.id) : undefined;
      if (owner !== undefined && owner !== user) return notYours('render', json!.id);
    }
    if ((route.name === 'status' || route.name === 'cancel' || route.name === 'download') && !(await owns('render', id))) return notYours('render', id);
    if (route.body === 'stream') {
      const length = Number(request.headers.get('content-length') ?? NaN);
      if (length > maxUploadBytes) return refuse(413, `The upload is over this server's limit of ${maxUploadBytes} bytes.`);
      body = request.body ? limitBody(request.body, maxUploadBytes, () => (overLimit = true)) : undefined;
    }

    const headers = new Headers(attribution);
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    // A checked Content-Length goes along, so the service sees a sized upload rather than a chunked one.
    const length = request.headers.get('content-length');
    if (route.body === 'stream' && length !== null && /^\d+$/.test(length)) headers.set('content-length', length);
    const target = `${baseURL}/${path}`;
    let sent: string | undefined;
    const send = async (): Promise<Response> => {
      sent = await auth.token(request.signal);
      if (sent) headers.set('authorization', `Bearer ${sent}`);
      return fetchUpstream(target, {
        method: route.method,
        headers,
        body,
        // The page going away (its request's signal) aborts the call upstream.
        signal: request.signal,
        ...(route.method === 'GET' && noStore()),
        // A streamed body cannot be replayed for a redirect: one is passed to the page as it is.
        ...(route.body === 'stream' && { duplex: 'half', redirect: 'manual' }),
      } as RequestInit);
    };

    let upstream: Response;
    try {
      upstream = await send();
      // A rejected server token: renewed, and the call sent again once when its body can be (not an upload).
      if (isJson(upstream) || upstream.status === 401) {
        const text = await upstream.text();
        const rejected = !!sent && !!auth.renew && (upstream.status === 401 || isAuthFailure(text));
        // An upload's token is renewed for the next call, but its body is gone: its 401 goes to the page.
        if (rejected && (await auth.renew!(sent!, request.signal)) && route.body !== 'stream') upstream = await send();
        else upstream = new Response(text, upstream);
      }
    } catch (error) {
      if (overLimit) return refuse(413, `The upload is over this server's limit of ${maxUploadBytes} bytes.`);
      if (request.signal.aborted) return new Response(null, { status: 499 });
      logger?.warn?.(`nemo proxy: ${route.method} /${path} could not reach the API: ${(error as Error)?.message ?? error}`);
      return refuse(502, 'The NemoVideo API could not be reached through this proxy.');
    }
    if (overLimit) {
      // The upstream may answer a body cut short before the fetch itself fails: the cut is what happened.
      await upstream.body?.cancel().catch(() => undefined);
      return refuse(413, `The upload is over this server's limit of ${maxUploadBytes} bytes.`);
    }
    logger?.debug?.(`nemo proxy: ${route.method} /${path} → ${upstream.status}`);
    return relay(upstream, route, user, { store, baseURL, publicBase: `${url.origin}${prefix}`, cors, renderId: json?.id });
  };
}

/** The server's own auth, as the client would make it: a token, NEMO_TOKEN, a strategy, or an anonymous token. */
function serverAuth(options: ProxyOptions<never>, baseURL: string, fetchUpstream: typeof fetch): AuthStrategy {
  if (options.authStrategy) return options.authStrategy;
  const token = options.token ?? readEnv('NEMO_TOKEN');
  if (token) return tokenAuth(token);
  let api: NemoVideo | undefined;
  return anonymousAuth({
    store: options.tokenStore ?? memoryTokenStore(),
    clientId: options.clientId,
    acquire: (clientId, signal) => (api ??= new NemoVideo({ baseURL, fetch: fetchUpstream, skill: options.skill })).auth.anonymousToken({ clientId }, { signal }),
  });
}

const isJson = (response: Response) => /\bjson\b/i.test(response.headers.get('content-type') ?? '');

/** Whether a JSON body says the token was rejected (codes 1001, 1010, 1011). */
function isAuthFailure(text: string): boolean {
  try {
    const result = unwrap(parseJson(text));
    return !result.ok && [1001, 1010, 1011].includes(result.code!);
  } catch {
    return false;
  }
}

/**
 * The upstream's answer for the page: its status and body as they are (a stream passes chunk by chunk), its
 * hop and CORS headers replaced by the proxy's. A session or render it created is recorded for `user`, and
 * the token-guarded download URLs it names are pointed at the proxy.
 */
async function relay(
  upstream: Response,
  route: ProxyRoute,
  user: string,
  { store, baseURL, publicBase, cors, renderId }: { store: SessionStore; baseURL: string; publicBase: string; cors: Headers; renderId: unknown },
): Promise<Response> {
  const headers = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.test(name)) headers.set(name, value);
  });
  // Only bytes that are as they came keep their length (fetch has already decoded a compressed body).
  const length = upstream.headers.get('content-length');
  if (length !== null && !upstream.headers.has('content-encoding')) headers.set('content-length', length);
  cors.forEach((value, name) => headers.set(name, value));
  // Per-user answers: no shared cache in front of the app may keep one (it would skip `authorize`), and no
  // proxy may compress or hold back a stream (nginx buffers unless told not to).
  headers.set('cache-control', 'private, no-store, no-transform');
  if (/^text\/event-stream/i.test(headers.get('content-type') ?? '')) headers.set('x-accel-buffering', 'no');
  if (!isJson(upstream)) return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers });

  let text = await upstream.text();
  headers.delete('content-length');
  const result = upstream.ok ? unwrap(safeParse(text)) : undefined;
  if (result?.ok) {
    const data = result.data as Record<string, unknown> | undefined;
    if (route.name === 'session' && typeof data?.session_id === 'string') await store.set('session', data.session_id, user);
    const rendered = typeof data?.id === 'string' ? data.id : renderId;
    if (route.name === 'render' && typeof rendered === 'string') await store.set('render', rendered, user);
  }
  // A download on the API itself needs the token: the page gets it through the proxy instead.
  const direct = `${baseURL}/api/render/proxy/`;
  if (text.includes(direct)) text = text.replaceAll(direct, `${publicBase}/api/render/proxy/`);
  return new Response(text, { status: upstream.status, statusText: upstream.statusText, headers });
}

function safeParse(text: string): unknown {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

/** `response` with `headers` set on it (a thrown Response's own headers may be immutable). */
function withHeaders(response: Response, headers: Headers): Response {
  const merged = new Headers(response.headers);
  headers.forEach((value, name) => merged.set(name, value));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}
