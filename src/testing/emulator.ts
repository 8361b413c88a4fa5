import { createAgent } from './agent/agent.js';
import { authenticate } from './backend/auth-guard.js';
import type { Backend, EmulatorConfig, Route, RouteContext } from './backend/backend.js';
import { allowCors, preflight } from './backend/cors.js';
import { failureResponse, HttpFailure } from './backend/http.js';
import { matchRoute } from './backend/routes/index.js';
import { Store } from './backend/state.js';
import { systemClock, type Clock } from './clock.js';
import type { WireDraft } from './draft.js';

import { FaultBook, faultFailure, isResponseFault, type FaultKind, type FaultSpec, type Faults } from './faults.js';
import { createRandom } from './random.js';
import { tinyRenderer, type Renderer } from './renderer.js';

/**
 * Options of {@link createEmulator}. Every one is optional; the defaults make a whole generate turn take
 * well under a second of real time.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * const emulator = createEmulator({ clock, seed: 7, silentEditRate: 0.5, renderMs: 10_000 });
 * ```
 */
export interface EmulatorOptions {
  /**
   * Time for token expiry, render progress and event timestamps. See `manualClock()`.
   * @default systemClock() (real time)
   */
  clock?: Clock | undefined;
  /**
   * Seed of every random choice: pacing, which edits are silent, and the ids it hands out (users, tokens,
   * sessions). Without one, the choices are those of seed 1 (runs are reproducible) and the ids are new
   * for every emulator, so two emulators (or two runs of a server) never hand out the same session id.
   * @default 1 for the choices; ids drawn afresh
   */
  seed?: number | undefined;
  /**
   * Share of edit turns that close after the tool events with no text (0..1).
   * @default 0.3, as the spec observes
   */
  silentEditRate?: number | undefined;
  /**
   * Clock ms a render takes from submit to `completed`.
   * @default 4000
   */
  renderMs?: number | undefined;
  /**
   * Makes the MP4 of a render.
   * @default tinyRenderer() (a tiny valid H.264 MP4 in the draft's shape and duration)
   */
  renderer?: Renderer | undefined;
  /**
   * Real ms between `: ping` keep-alives while a tool works; 0 for none.
   * @default 10
   */
  keepAliveMs?: number | undefined;
  /**
   * Real ms before each streamed event: a number, or `[min, max]` for seeded jitter.
   * @default [0, 5]
   */
  delayMs?: number | readonly [number, number] | undefined;
  /**
   * Real ms each tool call works (keep-alives go out meanwhile).
   * @default 20
   */
  workMs?: number | undefined;
  /**
   * Credits of a new anonymous user.
   * @default 100
   */
  credits?: number | undefined;
  /**
   * Lifetime of a token in clock ms.
   * @default 604800000 (7 days)
   */
  tokenTtlMs?: number | undefined;
  /**
   * Send error codes (1001, 1002, 2001, 4001, 4002) inside an HTTP 200 instead of with a 4xx: the spec
   * does not know which the service does. Faults choose per fault (`http200`).
   * @default false
   */
  codesWithHttp200?: boolean | undefined;
}

/**
 * One request the emulator answered. Never holds a token (tokens travel only in headers).
 *
 * @example
 * ```ts
 * const chats = emulator.requests.filter((r) => r.path === '/run_sse' && r.status === 200).length;
 * ```
 */
export interface RequestRecord {
  /** The HTTP method, upper case. */
  method: string;
  /** The path, without the query. */
  path: string;
  /** The HTTP status answered (200 for a code sent inside an HTTP 200). */
  status: number;
  /** The fault that shaped the answer, if one did. */
  fault?: FaultKind;
  /** When it arrived: epoch ms on the emulator's clock. */
  at: number;
}

/**
 * A user made directly with {@link Emulator.createUser}.
 *
 * @example
 * ```ts
 * const { token, userId } = emulator.createUser({ credits: 0 });
 * ```
 */
export interface EmulatorUser {
  /** A bearer token for the user, valid for `tokenTtlMs` clock ms (default 7 days). */
  token: string;
  /** The user's id, as {@link Emulator.setCredits} takes it. */
  userId: string;
}

/**
 * An in-memory NemoVideo service: every endpoint of the wire format, a rule-based agent, renders, and
 * faults on demand. `handle` is a fetch-style handler: give it to msw (`emulatorHandlers`), to a client's
 * `fetch` option, or to an HTTP server.
 *
 * @example
 * ```ts
 * const emulator = createEmulator();
 * const nv = new NemoVideo({
 *   baseURL: 'https://emulator.test',
 *   fetch: (input, init) => emulator.handle(new Request(input, init)),
 * });
 * ```
 */
export interface Emulator {
  /** Answers one request as the service would. Never rejects: an internal failure is an HTTP 500. */
  handle(request: Request): Promise<Response>;
  /** Faults to play on the next matching requests. */
  readonly faults: Faults;
  /** Every request answered so far, oldest first (a live array: `requests.length = 0` clears it). */
  readonly requests: RequestRecord[];
  /** The emulator's clock. */
  readonly clock: Clock;
  /**
   * Makes a user and a token without going through HTTP: a registered user with many credits, say.
   *
   * @param options - `credits`: default the emulator's `credits` option (itself default 100); `anonymous`: default true.
   *
   * @example
   * ```ts
   * const { token } = emulator.createUser({ credits: 25_000, anonymous: false });
   * const nv = new NemoVideo({ token, baseURL, fetch });
   * ```
   */
  createUser(options?: { credits?: number; anonymous?: boolean }): EmulatorUser;
  /** Sets a user's available credits (e.g. to 0, to see 2001 for real). */
  setCredits(userId: string, available: number): void;
  /** A copy of a session's draft as the emulator holds it (wire form), or undefined. */
  draftOf(sessionId: string): WireDraft | undefined;
  /** Resolves once every renderer call in progress has finished. */
  idle(): Promise<void>;
}

const DAY_MS = 24 * 3600_000;
const DEFAULT_SEED = 1;

function configure(options: EmulatorOptions): EmulatorConfig {
  const delay = options.delayMs ?? [0, 5];
  const rate = options.silentEditRate ?? 0.3;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`silentEditRate must be between 0 and 1, got ${rate}.`);
  return {
    clock: options.clock ?? systemClock,
    silentEditRate: rate,
    renderMs: Math.max(0, options.renderMs ?? 4_000),
    renderer: options.renderer ?? tinyRenderer,
    keepAliveMs: Math.max(0, options.keepAliveMs ?? 10),
    delayMs: typeof delay === 'number' ? [delay, delay] : [delay[0], Math.max(delay[0], delay[1])],
    workMs: Math.max(0, options.workMs ?? 20),
    credits: options.credits ?? 100,
    tokenTtlMs: options.tokenTtlMs ?? 7 * DAY_MS,
    codesWithHttp200: options.codesWithHttp200 ?? false,
  };
}

/**
 * Creates an emulator of the NemoVideo service. Each one has its own users, sessions, renders and faults.
 *
 * @example
 * ```ts
 * const emulator = createEmulator({ clock: manualClock(), seed: 42 });
 * emulator.faults.inject({ kind: 'expired-token' });
 * const response = await emulator.handle(new Request('https://emulator.test/api/credits/balance/simple'));
 * ```
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const config = configure(options);
  const seed = options.seed ?? DEFAULT_SEED;
  // Separate streams per purpose: a retry that mints one more request id must not change which edits are silent.
  const stream = (n: number) => createRandom(Math.imul(seed ^ 0x9e3779b9, n + 1) + n);
  // Ids from a fresh seed unless one was given: a session id from yesterday's server must not name today's.
  const store = new Store(options.seed === undefined ? createRandom(crypto.getRandomValues(new Uint32Array(1))[0]!) : stream(0));
  const backend: Backend = {
    config,
    store,
    agent: createAgent({ silentEditRate: config.silentEditRate, random: stream(1), ids: stream(2) }),
    eventIds: stream(3),
    pacing: stream(4),
    requestIds: stream(5),
    rendering: new Set(),
  };
  const faults = new FaultBook();
  const requests: RequestRecord[] = [];

  async function respond(route: Route, ctx: RouteContext, fault: FaultSpec | undefined): Promise<Response> {
    if (fault && isResponseFault(fault)) return failureResponse(route.family, await faultFailure(fault, ctx.request, route.family), fault.http200 ?? false);
    if (fault?.kind === 'malformed-json' && !route.stream) return cutShort(await run(route, ctx));
    return run(route, { ...ctx, streamFault: fault });
  }

  async function run(route: Route, ctx: RouteContext): Promise<Response> {
    try {
      return route.auth ? await route.handle({ ...ctx, user: authenticate(ctx.request, backend) }) : await route.handle(ctx);
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      return failureResponse(route.family, error, config.codesWithHttp200 && error.code !== undefined);
    }
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const at = config.clock.now();
    let fault: FaultSpec | undefined;
    let response: Response;
    try {
      if (method === 'OPTIONS') response = preflight(request);
      else {
        const found = matchRoute(method, url.pathname);
        if ('allowed' in found) {
          const failure = found.allowed.length
            ? new HttpFailure(405, 405, `Method ${method} not allowed; use ${found.allowed.join(' or ')}.`, { Allow: found.allowed.join(', ') })
            : new HttpFailure(404, 404, `Not found: ${method} ${url.pathname}`);
          response = failureResponse('A', failure, false);
        } else {
          fault = faults.take(method, url.pathname, found.route);
          response = await respond(found.route, { backend, request, url, params: found.params, origin: url.origin }, fault);
        }
      }
    } catch (error) {
      // A bug in the emulator should fail the test that hit it loudly, not look like a service answer.
      response = failureResponse('A', new HttpFailure(500, 500, `Emulator error: ${error instanceof Error ? error.message : String(error)}`), false);
    }
    if (!response.headers.has('x-request-id')) response.headers.set('X-Request-Id', `req_${backend.requestIds.hex(16)}`);
    requests.push({ method, path: url.pathname, status: response.status, ...(fault && { fault: fault.kind }), at });
    return allowCors(response, request);
  }

  return {
    handle,
    faults,
    requests,
    clock: config.clock,
    createUser({ credits = config.credits, anonymous = true } = {}) {
      const user = store.createUser({ credits, anonymous });
      return { token: store.issueToken(user.id, config.clock.now() + config.tokenTtlMs).token, userId: user.id };
    },
    setCredits(userId, available) {
      const user = store.users.get(userId);
      if (!user) throw new Error(`No user ${userId} in this emulator.`);
      user.available = available;
    },
    draftOf: (sessionId) => {
      const draft = store.sessions.get(sessionId)?.draft;
      return draft && structuredClone(draft);
    },
    async idle() {
      while (backend.rendering.size) await Promise.allSettled([...backend.rendering]);
    },
  };
}

/** A JSON answer whose body breaks off halfway, as a cut connection or a broken proxy delivers it. */
async function cutShort(response: Response): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(text.slice(0, Math.ceil(text.length / 2)), { status: response.status, headers });
}
