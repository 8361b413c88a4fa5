import type { Agent } from '../agent/agent.js';
import type { Clock } from '../clock.js';
import type { RouteTraits } from '../fault-scope.js';
import type { StreamFault } from '../faults.js';
import type { Random } from '../random.js';
import type { Renderer } from '../renderer.js';
import type { Family } from './http.js';
import type { Store, User } from './state.js';

/** The emulator's options with every default filled in. */
export interface EmulatorConfig {
  clock: Clock;
  silentEditRate: number;
  renderMs: number;
  renderer: Renderer;
  keepAliveMs: number;
  /** Real ms before each event: [min, max]. */
  delayMs: readonly [number, number];
  workMs: number;
  credits: number;
  tokenTtlMs: number;
  codesWithHttp200: boolean;
}

/** Everything a route works with. Each random stream serves one purpose, so one never shifts another. */
export interface Backend {
  config: EmulatorConfig;
  store: Store;
  agent: Agent;
  /** Event ids and invocation ids. */
  eventIds: Random;
  /** Event pacing. */
  pacing: Random;
  /** Request ids (`X-Request-Id`). */
  requestIds: Random;
  /** Renders whose renderer is still working (tests and servers may await them). */
  rendering: Set<Promise<unknown>>;
}

/** One request as a route sees it. */
export interface RouteContext {
  backend: Backend;
  request: Request;
  url: URL;
  /** Named groups of the route's pattern. */
  params: Record<string, string>;
  /** Where the emulator is reached (the request's origin): absolute URLs it hands out start with it. */
  origin: string;
  /** The /run_sse fault to play, if one matched. */
  streamFault?: StreamFault | undefined;
}

/** A request on a route that needs a token: the token's user is known. */
export interface AuthedContext extends RouteContext {
  user: User;
}

interface RouteBase extends RouteTraits {
  method: 'GET' | 'POST';
  /** Matched against the path; named groups become `params`. */
  pattern: RegExp;
  /** The shape its errors take. */
  family: Family;
}

/** One endpoint. */
export type Route =
  | (RouteBase & { auth: true; handle(ctx: AuthedContext): Promise<Response> })
  | (RouteBase & { auth: false; handle(ctx: RouteContext): Promise<Response> });

/** A route's traits (but `auth`, which each route states) with everything off but what is given. */
export const traits = (on: Partial<Omit<RouteTraits, 'auth'>> = {}): Omit<RouteTraits, 'auth'> => ({
  session: false,
  spends: false,
  exports: false,
  stream: false,
  cdn: false,
  ...on,
});
