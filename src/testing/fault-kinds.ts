/**
 * The one list of fault kinds, with all that differs from kind to kind. The public fault types (faults.ts)
 * and every lookup are derived from it, so a new kind is a new row in {@link FAULT_KINDS}, plus its
 * options in {@link FaultOptions} if it takes any.
 */
import { HttpFailure, tokenExpired, type Family } from './backend/http.js';
import type { CodeFault, RouteTraits } from './fault-scope.js';

/**
 * What a spec of each kind may give beyond its scope; a kind not named here takes only its scope.
 *
 * @example
 * ```ts
 * const options: FaultOptions['reset-stream'] = { afterEvents: 3 };
 * ```
 */
export interface FaultOptions {
  /** Options of `rate-limit`. */
  'rate-limit': {
    /** Seconds, sent as a `Retry-After` header. Default: no header. */
    retryAfter?: number;
  };
  /** Options of `server-error`. */
  'server-error': {
    /** HTTP status (and code) to answer with. Default 503. */
    status?: number;
  };
  /** Options of `reset-stream`. */
  'reset-stream': {
    /** Events sent before the break (at the end if the turn has fewer). Default 2. */
    afterEvents?: number;
  };
  /** Options of `malformed-json`. */
  'malformed-json': {
    /** On /run_sse, events sent whole before the broken one. Default 1. */
    afterEvents?: number;
  };
  /** Options of `agent-error`. */
  'agent-error': {
    /** Default true: a `data: {"error": …}` event ends the run and stream. false: an `errorCode` event; the turn goes on. */
    terminal?: boolean;
    /** Events sent before the failure. Default 1. */
    afterEvents?: number;
    /** The error message. Default `The model is overloaded. Please try again later.` */
    message?: string;
  };
  /** Options of `tool-error`. */
  'tool-error': {
    /** The tool's error message. Default `The tool timed out.` */
    message?: string;
  };
}

/** One row of {@link FAULT_KINDS}. */
interface FaultKindRow {
  /** The requests it hits when the spec names no path: routes with this trait; `api`, any but the file server's. */
  scope: Exclude<keyof RouteTraits, 'cdn'> | 'api';
  /** It only shapes a /run_sse stream, so even on a path the spec names it hits nothing else. */
  streamOnly?: true;
  /**
   * For a fault that replaces the answer: the error it answers with, in the form the service uses for it.
   * A fault without one shapes the answer instead (see sse.ts, adk-events.ts and `malformed-json` in emulator.ts).
   */
  failure?: (fault: never, request: Request, family: Family) => HttpFailure | Promise<HttpFailure>;
}

/**
 * Every fault kind and what sets it apart (see `FaultSpec` in faults.ts for what each one does).
 *
 * @example
 * ```ts
 * const kinds = Object.keys(FAULT_KINDS); // ['expired-token', 'lost-session', …]
 * ```
 */
export const FAULT_KINDS = {
  'expired-token': {
    scope: 'auth',
    failure: tokenExpired,
  },
  'lost-session': {
    scope: 'session',
    // On the chat it is ADK itself that answers, in its own shape (unless the code is sent in an HTTP 200).
    failure: async ({ http200 }: CodeFault, request, family) =>
      new HttpFailure(404, family === 'adk' && !http200 ? undefined : 1002, `Session not found: ${await sessionIdOf(request)}`),
  },
  'no-credits': {
    scope: 'spends',
    failure: () => new HttpFailure(402, 2001, 'Insufficient credits.'),
  },
  'export-blocked': {
    scope: 'exports',
    // The render proxy answers with a status alone; in an HTTP 200 the status stands in as the code.
    failure: () => new HttpFailure(402, undefined, 'Export is not available on the free plan: upgrade the subscription.'),
  },
  'rate-limit': {
    scope: 'api',
    failure: ({ retryAfter }: FaultOptions['rate-limit']) =>
      new HttpFailure(429, 429, 'Too many requests.', retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) }),
  },
  'server-error': {
    scope: 'api',
    failure: ({ status = 503 }: FaultOptions['server-error']) =>
      new HttpFailure(status, status, status === 503 ? 'Service temporarily unavailable.' : 'Internal server error.'),
  },
  'stalled-stream': { scope: 'stream', streamOnly: true },
  'heartbeats-only': { scope: 'stream', streamOnly: true },
  'reset-stream': { scope: 'stream', streamOnly: true },
  'malformed-json': { scope: 'api' },
  'agent-error': { scope: 'stream', streamOnly: true },
  'tool-error': { scope: 'stream', streamOnly: true },
} satisfies Record<string, FaultKindRow>;

type Rows = typeof FAULT_KINDS;

/**
 * The kinds that replace the answer with an error (those with a `failure`).
 *
 * @example
 * ```ts
 * const kind: ResponseKind = 'rate-limit';
 * ```
 */
export type ResponseKind = { [K in keyof Rows]: Rows[K] extends { failure: unknown } ? K : never }[keyof Rows];

/**
 * The row of a kind, typed so that the columns a row may leave out can be read.
 *
 * @example
 * ```ts
 * if (rowOf(spec.kind).streamOnly && !route.stream) return false;
 * ```
 */
export const rowOf = (kind: keyof Rows): FaultKindRow => FAULT_KINDS[kind];

/** The session id a request names: in its path, or in its JSON body (/run_sse, render submit). */
async function sessionIdOf(request: Request): Promise<string> {
  const inPath = /\/me\/([^/]+)/.exec(new URL(request.url).pathname)?.[1];
  if (inPath) return inPath;
  const body = (await request
    .clone()
    .json()
    .catch(() => ({}))) as { session_id?: unknown; sessionId?: unknown };
  return String(body.session_id ?? body.sessionId ?? '');
}
