/** Which requests a fault hits: the scope every fault takes, and the traits of the routes it is matched against. */

/**
 * Options every fault takes: how often, and on which requests.
 *
 * @example
 * ```ts
 * emulator.faults.inject({ kind: 'server-error', times: 3, method: 'GET', path: '/api/state' });
 * ```
 */
export interface FaultScope {
  /** How many matching requests it hits before it is spent. Default 1; `Infinity` until cleared. */
  times?: number;
  /**
   * Only requests whose path starts with this string (e.g. `/api/credits`) or matches this RegExp. Without
   * it each kind has a natural scope: token faults hit authenticated calls, `lost-session` session calls,
   * `no-credits` the chat, `export-blocked` the render submit, stream faults the chat; the rest any API call.
   */
  path?: string | RegExp;
  /** Only requests with this method (`GET`, `POST`). */
  method?: string;
}

/**
 * Options of the faults that answer with an error code.
 *
 * @example
 * ```ts
 * emulator.faults.inject({ kind: 'lost-session', http200: true }); // {"code":1002,…} with HTTP 200
 * ```
 */
export interface CodeFault extends FaultScope {
  /** Send the error inside an HTTP 200 (the code only in the body) instead of with its 4xx/5xx status. */
  http200?: boolean;
}

/** What a route is, as far as fault scopes care. */
export interface RouteTraits {
  /** Needs a bearer token. */
  auth: boolean;
  /** Works on one session. */
  session: boolean;
  /** Spends credits (the chat). */
  spends: boolean;
  /** Submits an export. */
  exports: boolean;
  /** Answers with an SSE stream. */
  stream: boolean;
  /** The emulator's file server, not the API. */
  cdn: boolean;
}
