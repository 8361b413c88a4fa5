import ky, { HTTPError, type KyInstance } from 'ky';
import type * as z from 'zod/mini';
import type { AuthStrategy } from './auth/strategy.js';
import { AuthenticationError, RateLimitError } from './errors/api.js';
import { NemoVideoError, ResponseValidationError } from './errors/base.js';
import { APIConnectionError, APITimeoutError } from './errors/connection.js';
import { errorFromResponse } from './errors/from-response.js';
import { parseJson, unwrap } from './envelope.js';
import type { Logger } from './logger.js';
import { BACKOFF_LIMIT_MS, MAX_RETRY_AFTER_S, RECOVERY_LIMITS, rateLimitWait, TRANSIENT_STATUSES, type RecoveryOptions } from './recovery.js';
import { noStore } from './no-store.js';
import { sleep } from './sleep.js';
import type { CallOptions } from './call-options.js';
import { validate } from './validate.js';

/** One HTTP call, as resources describe it. */
export interface RequestSpec extends CallOptions {
  method: 'GET' | 'POST';
  /** Path under the base URL, without a leading slash; or an absolute URL (downloads). */
  path: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** false for the one call made before there is a token. The token only ever goes to the base URL's origin. */
  auth?: boolean;
  /**
   * Whether the call is safe to repeat: only then are network errors and 5xx retried (RECOVERY.transient).
   * Default: true for GET, false for POST (mark the POSTs that are, such as a cancel).
   */
  idempotent?: boolean;
  /**
   * The body is large (an upload): send it with fetch itself, with redirects refused. ky keeps a clone of
   * every request for its retries, and fetch one for redirects; either would hold a 200 MB upload in memory.
   * Such a call is never retried.
   */
  largeBody?: boolean;
  /** Sees a successful answer's headers (the render poller reads the server's Retry-After hint there). */
  onResponse?: ((response: Response) => void) | undefined;
}

/** What the client hands the transport. */
export interface TransportConfig {
  baseURL: string;
  auth: AuthStrategy;
  headers: Record<string, string>;
  timeout: number;
  /** Which of the recoveries of core/recovery.ts are on. */
  recovery: RecoveryOptions;
  fetch?: typeof fetch | undefined;
  logger?: Logger | undefined;
}

/** Larger JSON bodies than this are refused rather than parsed: no endpoint sends anything near it. */
const MAX_JSON_CHARS = 16 * 1024 * 1024;

/**
 * The one HTTP layer: base URL, Bearer and X-Skill headers, timeouts, error mapping, and the recoveries that
 * core/recovery.ts assigns to it (transient failures, token renewal, 429). It knows envelopes but no endpoint.
 */
export class Transport {
  readonly #ky: KyInstance;
  readonly #config: TransportConfig;

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#ky = ky.create({
      timeout: config.timeout,
      // Only a fetch the user gave: ky otherwise reads globalThis.fetch per call, which msw relies on.
      ...(config.fetch && { fetch: config.fetch }),
      // RECOVERY.transient.
      retry: {
        limit: config.recovery.maxRetries,
        // POST is listed so that the POSTs marked idempotent (cancel) retry; every other POST gets limit 0.
        methods: ['get', 'post'],
        maxRetryAfter: MAX_RETRY_AFTER_S * 1000,
        // 429 is not here: it gets its own single, Retry-After-paced retry for every method (RECOVERY.rateLimit).
        statusCodes: [...TRANSIENT_STATUSES],
        jitter: true,
        backoffLimit: BACKOFF_LIMIT_MS,
      },
      hooks: {
        beforeRetry: [({ request, retryCount }) => config.logger?.debug?.(`retry #${retryCount}: ${request.method} ${new URL(request.url).pathname}`)],
      },
    });
  }

  /** Which recoveries are on, for the ones that happen above the transport (RECOVERY.duplicateRenderId). */
  get recovery(): Readonly<RecoveryOptions> {
    return this.#config.recovery;
  }

  /**
   * Sends the call and returns the successful response, unread (for streams and downloads). A JSON body
   * carrying an error code is still an error: the service sends codes such as 1002 inside an HTTP 200.
   */
  send(spec: RequestSpec): Promise<Response> {
    return this.#recovering(spec, async (token) => {
      const response = await this.#fetch(spec, token);
      if (!/\bjson\b/i.test(response.headers.get('content-type') ?? '')) return response;
      const source = await response.text();
      const result = unwrap(parseJsonOrUndefined(source));
      if (!result.ok) throw this.#failure(spec, response, result);
      return new Response(source, { status: response.status, headers: response.headers });
    });
  }

  /** Sends the call, takes off the envelope and parses the data with `schema`. */
  json<S extends z.ZodMiniType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    return this.#recovering(spec, async (token) => {
      const response = await this.#fetch(spec, token);
      const result = unwrap(await readJson(response));
      if (!result.ok) throw this.#failure(spec, response, result);
      spec.onResponse?.(response);
      return validate(schema, result.data, 'data');
    });
  }

  /** Runs `attempt` with RECOVERY.expiredToken and RECOVERY.rateLimit, each once, as configured. */
  async #recovering<T>(spec: RequestSpec, attempt: (token: string | undefined) => Promise<T>): Promise<T> {
    const { auth, logger, recovery } = this.#config;
    let renewals = recovery.renewToken ? RECOVERY_LIMITS.expiredToken : 0;
    let waits = recovery.retryRateLimit ? RECOVERY_LIMITS.rateLimit : 0;
    const withToken = spec.auth !== false && this.#isOwn(spec);
    for (;;) {
      const token = withToken ? await auth.token(spec.signal) : undefined;
      try {
        return await attempt(token);
      } catch (error) {
        if (token) scrub(error, token);
        if (error instanceof AuthenticationError && token && renewals > 0 && auth.renew) {
          renewals--;
          if (await auth.renew(token, spec.signal)) {
            logger?.debug?.(`token rejected; renewed, retrying ${describeCall(spec)}`);
            continue;
          }
        }
        const wait = error instanceof RateLimitError && waits > 0 ? rateLimitWait(error.retryAfter) : undefined;
        if (wait !== undefined) {
          waits--;
          logger?.warn?.(`rate limited; retrying ${describeCall(spec)} in ${wait / 1000} s`);
          await sleep(wait, spec.signal);
          continue;
        }
        throw error;
      }
    }
  }

  async #fetch(spec: RequestSpec, token: string | undefined): Promise<Response> {
    const url = this.#url(spec);
    // Attribution headers go only to the API: on a CDN they would force a CORS preflight it may refuse.
    const headers = { ...(this.#isOwn(spec) && this.#config.headers), ...spec.headers, ...(token && { Authorization: `Bearer ${token}` }) };
    this.#config.logger?.debug?.(describeCall(spec));
    let response: Response;
    try {
      response = spec.largeBody
        ? await this.#fetchLarge(url, spec, headers)
        : await this.#ky(url, {
            method: spec.method,
            headers,
            json: spec.json,
            body: spec.body,
            signal: spec.signal,
            ...(spec.timeout !== undefined && { timeout: spec.timeout }),
            // A GET (state, render status, credits, a download) is never answered from a framework's fetch cache.
            ...(spec.method === 'GET' && noStore()),
            // GETs are safe to repeat; a POST only when the call says so.
            ...(!(spec.idempotent ?? spec.method === 'GET') && { retry: { limit: 0 } }),
          });
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      if (error instanceof HTTPError) response = error.response;
      else if ((error as Error)?.name === 'TimeoutError') {
        // ky's TimeoutError, or the DOMException of AbortSignal.timeout (largeBody). No `cause`: ky's holds the
        // Request, whose headers (the Bearer token) util.inspect prints.
        throw new APITimeoutError(`${describeCall(spec)} timed out; raise the timeout option or try again.`);
      } else if (error instanceof NemoVideoError) throw error;
      else {
        throw new APIConnectionError(`Could not reach ${new URL(url).origin}: ${(error as Error)?.message ?? error}. Check the network and baseURL.`, {
          cause: error,
        });
      }
    }
    if (response.ok) return response;
    // An error body that is not JSON (a proxy's HTML page) still gives the status its error class.
    const result = unwrap(parseJsonOrUndefined(await response.text().catch(() => '')));
    throw this.#failure(spec, response, result.ok ? {} : result);
  }

  /** One attempt with the runtime's fetch, for large bodies (see `largeBody`); timeouts as ky would apply them. */
  #fetchLarge(url: string, spec: RequestSpec, headers: Record<string, string>): Promise<Response> {
    const timeout = spec.timeout ?? this.#config.timeout;
    const signals = [spec.signal, timeout === false ? undefined : AbortSignal.timeout(timeout)].filter((s) => s !== undefined);
    const fetchImpl = this.#config.fetch ?? globalThis.fetch;
    return fetchImpl(url, {
      method: spec.method,
      headers,
      body: spec.body,
      redirect: 'error',
      ...(signals.length && { signal: AbortSignal.any(signals) }),
    });
  }

  #url({ path }: RequestSpec): string {
    return /^https?:\/\//i.test(path) ? path : `${this.#config.baseURL}/${path}`;
  }

  /** Whether the call goes to the API itself: only then do the token and attribution headers go along. */
  #isOwn(spec: RequestSpec): boolean {
    return this.#url(spec).startsWith(`${this.#config.baseURL}/`);
  }

  /** The error for a failed response, from its status, headers and what its body said (`code`, `detail`). */
  #failure(spec: RequestSpec, response: Response, { code, detail }: { code?: number | undefined; detail?: string | undefined }) {
    return errorFromResponse({
      status: response.status,
      code: code ?? response.status,
      detail,
      requestId: response.headers.get('x-request-id') ?? undefined,
      retryAfter: parseRetryAfter(response.headers.get('retry-after')),
      userId: this.#config.auth.userId?.(),
      path: spec.path,
    });
  }
}

/** `GET /api/x` for API calls; origin and path (never a signed query) for absolute URLs. */
function describeCall({ method, path }: RequestSpec): string {
  if (!/^https?:\/\//i.test(path)) return `${method} /${path}`;
  const url = new URL(path);
  return `${method} ${url.origin}${url.pathname}`;
}

/** Takes the exact token out of an error's text, whatever its format, should a server have echoed it. */
function scrub(error: unknown, token: string): void {
  // Only our own errors: a caller's abort reason passes through untouched (a DOMException's message is read-only).
  if (!(error instanceof NemoVideoError) || !error.message.includes(token)) return;
  error.message = error.message.replaceAll(token, '[redacted]');
  if (error.stack) error.stack = error.stack.replaceAll(token, '[redacted]');
}

function parseJsonOrUndefined(source: string): unknown {
  try {
    return parseJson(source);
  } catch {
    return undefined;
  }
}

/** Reads a JSON body, turning an empty, cut or oversized one into a ResponseValidationError. */
async function readJson(response: Response): Promise<unknown> {
  const source = await response.text();
  if (source.length > MAX_JSON_CHARS) throw new ResponseValidationError(`Unexpected response: the body is over ${MAX_JSON_CHARS} characters.`, 'body', 'a small JSON object');
  try {
    return parseJson(source);
  } catch {
    throw new ResponseValidationError(
      `Unexpected response: the body is not valid JSON (${source.length ? 'cut short or malformed' : 'empty'}, HTTP ${response.status}).`,
      'body',
      'JSON',
    );
  }
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
}
