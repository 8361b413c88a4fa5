/**
 * Faults on demand: each emulator has its own book of faults; a request that matches one gets the fault
 * instead of (or, for stream faults, on top of) its normal answer. The kinds are listed in fault-kinds.ts.
 */
import { HttpFailure, type Family } from './backend/http.js';
import { FAULT_KINDS, rowOf, type FaultOptions, type ResponseKind } from './fault-kinds.js';
import type { CodeFault, FaultScope, RouteTraits } from './fault-scope.js';

export type { CodeFault, FaultScope, RouteTraits } from './fault-scope.js';

/**
 * Every fault the emulator can play (see {@link FaultSpec}).
 *
 * @useDeclaredType
 * @example
 * ```ts
 * const hit = emulator.requests.filter((r) => r.fault === 'rate-limit').length;
 * ```
 */
export type FaultKind = keyof typeof FAULT_KINDS;

/**
 * A fault to inject.
 *
 * - `expired-token`: code 1001 (HTTP 401), as for a token past its 7 days.
 * - `lost-session`: code 1002 (HTTP 404); on /run_sse ADK's `404 {"error":"Session not found: <id>"}`.
 * - `no-credits`: code 2001 (HTTP 402).
 * - `export-blocked`: HTTP 402 from the render proxy (the plan forbids exports).
 * - `rate-limit`: HTTP 429, with a `Retry-After: <retryAfter>` header when `retryAfter` is given.
 * - `server-error`: HTTP `status` (default 503); use `times` for a burst.
 * - `stalled-stream`: /run_sse sends its headers, then nothing, until the client gives up.
 * - `heartbeats-only`: /run_sse sends only `: ping` keep-alives, until the client gives up.
 * - `reset-stream`: /run_sse breaks off (the body errors as a reset connection does) after `afterEvents` events (default 2).
 * - `malformed-json`: a JSON body cut short; on /run_sse, the event after `afterEvents` (default 1) is cut short.
 * - `agent-error`: after `afterEvents` events (default 1) the model fails: with `terminal` (the default) a
 *   `data: {"error": …}` event ends the run and the stream and nothing changes; otherwise an event with
 *   `errorCode` / `errorMessage` comes and the turn goes on.
 * - `tool-error`: the tool's `functionResponse.response` is `{error}`; the agent says so, nothing changes and
 *   the credits held for the turn are given back.
 *
 * In every transport fault on the stream (stall, heartbeats, reset, malformed) the agent's run still
 * completes on the server, as a real run does when its connection is lost: the state shows the change.
 *
 * @example
 * ```ts
 * emulator.faults.inject({ kind: 'expired-token' });                     // next authenticated call: 1001
 * emulator.faults.inject({ kind: 'no-credits', http200: true });         // next chat: code 2001 in an HTTP 200
 * emulator.faults.inject({ kind: 'stalled-stream' });                    // next chat: headers, then silence
 * emulator.faults.inject({ kind: 'malformed-json', path: '/api/credits' });
 * ```
 */
export type FaultSpec = SpecOfEachKind;

/**
 * The spec of each kind, with its options from {@link FaultOptions}, as one union. Inlined, so that the API
 * docs of {@link FaultSpec} list the union's members rather than this mapping.
 *
 * @inline
 */
type SpecOfEachKind = {
  [K in FaultKind]: (K extends ResponseKind ? CodeFault : FaultScope) & {
    /** The fault to play; what each kind does is listed on {@link FaultSpec}. */
    kind: K;
  } & (K extends keyof FaultOptions ? FaultOptions[K] : unknown);
}[FaultKind];

/**
 * The faults that shape a /run_sse stream rather than replace a response.
 *
 * @example
 * ```ts
 * const cut: StreamFault = { kind: 'reset-stream', afterEvents: 3 };
 * emulator.faults.inject(cut);
 * ```
 */
export type StreamFault = Extract<
  FaultSpec,
  {
    /** The stream fault kinds. */
    kind: StreamKind;
  }
>;

/**
 * The kinds that shape the answer rather than replace it (those without a `failure` in the table). Inlined,
 * so that the API docs of {@link StreamFault} list them.
 *
 * @inline
 */
type StreamKind = Exclude<FaultKind, ResponseKind>;

/**
 * An injected fault: how often it has hit and how many hits it has left.
 *
 * @example
 * ```ts
 * const burst = emulator.faults.inject({ kind: 'server-error', times: 2 });
 * await nv.credits.balance(); // retried through the burst
 * expect(burst.hits).toBe(2);
 * ```
 */
export interface FaultHandle {
  /** The fault as injected (a shallow copy of the spec given to `inject`). */
  readonly spec: Readonly<FaultSpec>;
  /** Matching requests it has hit so far. */
  readonly hits: number;
  /** Hits left before it is spent: `times - hits`, at least 0 (`Infinity` for `times: Infinity`). */
  readonly remaining: number;
  /** Takes the fault out before it is spent. */
  remove(): void;
}

/**
 * An emulator's faults.
 *
 * @example
 * ```ts
 * emulator.faults.inject({ kind: 'rate-limit', retryAfter: 0 });           // the next call gets a 429
 * emulator.faults.inject({ kind: 'server-error', times: 2, method: 'GET' }); // a burst of two 503s
 * emulator.faults.inject({ kind: 'reset-stream', afterEvents: 3 });         // the next chat breaks off
 * emulator.faults.clear();
 * ```
 */
export interface Faults {
  /**
   * Adds a fault; it hits the next matching requests (when several match, the oldest injected first).
   * Throws a `TypeError` for an unknown `kind`, a `RangeError` if `times` is below 1.
   *
   * @example
   * ```ts
   * const handle = emulator.faults.inject({ kind: 'rate-limit', retryAfter: 2 });
   * ```
   */
  inject(spec: FaultSpec): FaultHandle;
  /** Removes every fault. */
  clear(): void;
  /** The faults not yet spent, oldest first. */
  readonly active: readonly FaultHandle[];
}

interface Entry {
  spec: FaultSpec;
  /** Hits before it is spent: `spec.times`, default 1. */
  times: number;
  hits: number;
  handle: FaultHandle;
}

/** The emulator's fault book: {@link Faults} plus `take`, which the request handler calls. */
export class FaultBook implements Faults {
  #entries: Entry[] = [];

  inject(spec: FaultSpec): FaultHandle {
    // Own keys only: `in` would take inherited names such as 'toString' for kinds.
    if (!spec || !Object.hasOwn(FAULT_KINDS, spec.kind)) {
      throw new TypeError(`Unknown fault kind ${JSON.stringify(spec?.kind)}: use one of ${Object.keys(FAULT_KINDS).join(', ')}.`);
    }
    const times = spec.times ?? 1;
    if (!(times >= 1)) throw new RangeError(`A fault's times must be 1 or more (or Infinity), got ${times}.`);
    const entry = { spec: { ...spec }, times, hits: 0 } as Entry;
    const book = this;
    entry.handle = {
      spec: entry.spec,
      get hits() {
        return entry.hits;
      },
      get remaining() {
        return Math.max(0, entry.times - entry.hits);
      },
      remove: () => void (book.#entries = book.#entries.filter((e) => e !== entry)),
    };
    this.#entries.push(entry);
    return entry.handle;
  }

  clear(): void {
    this.#entries = [];
  }

  get active(): readonly FaultHandle[] {
    return this.#entries.map((e) => e.handle);
  }

  /** The first fault matching the request, counted as hit (and dropped once spent); undefined if none. */
  take(method: string, path: string, route: RouteTraits): FaultSpec | undefined {
    const entry = this.#entries.find(({ spec }) => matches(spec, method, path, route));
    if (!entry) return undefined;
    entry.hits += 1;
    if (entry.hits >= entry.times) entry.handle.remove();
    return entry.spec;
  }
}

function matches(spec: FaultSpec, method: string, path: string, route: RouteTraits): boolean {
  if (spec.method && spec.method.toUpperCase() !== method) return false;
  const { scope, streamOnly } = rowOf(spec.kind);
  if (spec.path === undefined) return scope === 'api' ? !route.cdn : route[scope];
  const onPath = typeof spec.path === 'string' ? path.startsWith(spec.path) : spec.path.test(path);
  return onPath && (!streamOnly || route.stream);
}

/**
 * The faults that replace a response with an error.
 *
 * @example
 * ```ts
 * const fault: ResponseFault = { kind: 'server-error', status: 500 };
 * ```
 */
export type ResponseFault = Extract<FaultSpec, { kind: ResponseKind }>;

/**
 * Whether the fault replaces the answer with an error.
 *
 * @example
 * ```ts
 * if (isResponseFault(fault)) return failureResponse(route.family, await faultFailure(fault, request, route.family), fault.http200 ?? false);
 * ```
 */
export const isResponseFault = (fault: FaultSpec): fault is ResponseFault => rowOf(fault.kind).failure !== undefined;

/**
 * The error a response fault answers with; `family` is the shape of the route's errors.
 *
 * @example
 * ```ts
 * const failure = await faultFailure({ kind: 'rate-limit', retryAfter: 2 }, request, 'A'); // 429, Retry-After: 2
 * ```
 */
export async function faultFailure(fault: ResponseFault, request: Request, family: Family): Promise<HttpFailure> {
  return FAULT_KINDS[fault.kind].failure(fault, request, family);
}
