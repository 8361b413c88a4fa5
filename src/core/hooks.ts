import { InvalidArgumentError } from './errors/base.js';

/**
 * A request as hooks see it. `headers` holds every header but `Authorization` (the token never reaches a
 * hook); `beforeRequest` may add or change headers in it, except `Authorization` and `X-Skill-*`.
 *
 * @example
 * ```ts
 * const beforeRequest = (request: HookRequest) => void (request.headers['x-tenant'] = tenantId);
 * ```
 */
export interface HookRequest {
  /** `GET` or `POST`. */
  method: string;
  /** The full URL. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

/**
 * Functions the client calls around every HTTP request, retries included: for tracing, metrics and
 * per-tenant headers. A hook that throws fails the call with its error. They are called for the requests the
 * client makes itself (token renewal and uploads included).
 *
 * @example
 * ```ts
 * new NemoVideo({
 *   hooks: {
 *     beforeRequest: (request) => void (request.headers['traceparent'] = traceparent()),
 *     afterResponse: ({ request, response, durationMs }) => metrics.timing(request.url, response.status, durationMs),
 *     beforeRetry: ({ request, retryCount, status }) => console.warn(`retry ${retryCount} of ${request.url} after ${status}`),
 *   },
 * });
 * ```
 */
export interface Hooks {
  /**
   * Before each request is sent (each retry too); may set headers on `request.headers`.
   * @default undefined
   */
  beforeRequest?: ((request: HookRequest) => void | Promise<void>) | undefined;
  /**
   * When a response's headers and buffered body are in (a stream's body is read later), whatever its status.
   * @default undefined
   */
  afterResponse?: ((info: { request: HookRequest; response: Response; durationMs: number }) => void | Promise<void>) | undefined;
  /**
   * Before the client sends a request again: after a transient failure (`status`, or `error` for a network
   * one), a 429 wait, or a token renewal.
   * @default undefined
   */
  beforeRetry?: ((info: { request: HookRequest; retryCount: number; status: number | undefined; error: Error | undefined }) => void | Promise<void>) | undefined;
}

/** Headers only the SDK sets: the token (auth strategies), and attribution (the `skill` option). */
const RESERVED = /^(authorization|x-skill-.*)$/i;

/**
 * Refuses a header the SDK sets itself, so that a `defaultHeaders`, a call's `headers` or a hook cannot replace
 * the token or attribution by accident.
 */
export function checkHeaders(headers: Record<string, string> | undefined, where: string): void {
  for (const name of Object.keys(headers ?? {})) {
    if (RESERVED.test(name)) {
      throw new InvalidArgumentError(`${where} may not set "${name}": the SDK sets it (use the token or authStrategy option for the token, skill for X-Skill-*).`);
    }
  }
}

/** A request for hooks: its headers without the token. */
function hookRequest(method: string, url: string, headers: Headers): HookRequest {
  const seen: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name !== 'authorization') seen[name] = value;
  });
  return { method, url, headers: seen };
}

/** Runs `beforeRequest` on a request about to go out, and copies the headers it set back onto `headers`. */
export async function runBeforeRequest(hooks: Hooks | undefined, method: string, url: string, headers: Headers): Promise<HookRequest> {
  const seen = hookRequest(method, url, headers);
  if (!hooks?.beforeRequest) return seen;
  await hooks.beforeRequest(seen);
  // The SDK's own headers are shown (X-Skill-*) but may not change.
  const changed = Object.fromEntries(Object.entries(seen.headers).filter(([name, value]) => headers.get(name) !== value));
  checkHeaders(changed, 'hooks.beforeRequest');
  for (const [name, value] of Object.entries(changed)) headers.set(name, value);
  return seen;
}
