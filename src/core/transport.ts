import ky, { HTTPError, type KyInstance } from 'ky';
import type * as z from 'zod/mini';
import type { AuthStrategy } from './auth/strategy.js';
import { AuthenticationError, RateLimitError } from './errors/api.js';
import { InvalidArgumentError, NemoVideoError, ResponseValidationError } from './errors/base.js';
import { APIConnectionError, APITimeoutError } from './errors/connection.js';
import { errorFromResponse } from './errors/from-response.js';
import { parseJson, unwrap } from './envelope.js';
import type { Logger } from './logger.js';
import { BACKOFF_LIMIT_MS, MAX_RETRY_AFTER_S, RECOVERY_LIMITS, parseRetryAfter, rateLimitWait, TRANSIENT_STATUSES, type RecoveryOptions } from './recovery.js';
import { readWhole } from './body.js';
import { xhrFetch } from './xhr-fetch.js';
import { Secrets } from './secrets.js';
import { sendable } from './auth/token-auth.js';
import { noStore } from './no-store.js';
import { sleep } from './sleep.js';
import type { CallOptions } from './call-options.js';
import { validate } from './validate.js';
import { APIPromise } from './api-promise.js';
import { checkHeaders, runBeforeRequest, type HookRequest, type Hooks } from './hooks.js';

/** One HTTP call, as resources describe it. */
export interface RequestSpec extends CallOptions {
  method: 'GET' | 'POST';
  /** Path under the base URL, without a leading slash; or an absolute URL (downloads). */
  path: string;
  json?: unknown;
  body?: BodyInit;
  /** Headers the call itself needs (Accept for the stream, X-Client-Id): a caller's `headers` never replace them. */
  ownHeaders?: Record<string, string>;
  /** false for the one call made before there is a token. The token only ever goes to the base URL's origin. */
  auth?: boolean;
  /**
   * Whether the call is safe to repeat: only then are network errors and 5xx retried (RECOVERY.transient).
   * Default: true for GET, false for POST (mark the POSTs that are, such as a cancel).
   */
  idempotent?: boolean;
  /**
   * The body is large (an upload): send it with fetch itself (or XMLHttpRequest, see `onUploadProgress`),
   * with redirects refused. ky keeps a clone of every request for its retries, and fetch one for redirects;
   * either would hold a 200 MB upload in memory. Such a call is never retried.
   */
  largeBody?: boolean;
  /**
   * For a `largeBody`: told how many of the body's bytes have gone out, of how many, where only
   * XMLHttpRequest can tell (a browser, with the client using the runtime's own fetch). Not called elsewhere.
   */
  onUploadProgress?: ((loaded: number, total: number) => void) | undefined;
  /**
   * Told each successful JSON answer, its body readable again: for APIPromise.withResponse (see `call`), and
   * the render poller, which reads the server's Retry-After hint there.
   */
  onResponse?: ((response: Response) => void) | undefined;
}

/** What the client hands the transport. */
export interface TransportConfig {
  baseURL: string;
  auth: AuthStrategy;
  /** The SDK's attribution headers (X-Skill-*). */
  headers: Record<string, string>;
  /** The client's `defaultHeaders`: sent to the API's own origin, under a call's `headers`. */
  defaultHeaders?: Record<string, string> | undefined;
  hooks?: Hooks | undefined;
  timeout: number;
  /** Which of the recoveries of core/recovery.ts are on. */
  recovery: RecoveryOptions;
  fetch?: typeof fetch | undefined;
  logger?: Logger | undefined;
}

/**
 * The one HTTP layer: base URL, Bearer and X-Skill headers, timeouts, error mapping, and the recoveries that
 * core/recovery.ts assigns to it (transient failures, token renewal, 429). It knows envelopes but no endpoint.
 */
export class Transport {
  readonly #ky: KyInstance;
  readonly #config: TransportConfig;
  /** Every token this client has sent: taken out of everything it surfaces, whatever the token's shape. */
  readonly #secrets = new Secrets();
  /** The request each call last sent, as hooks saw it: for `beforeRetry` on the retries made above ky (429, renewal). */
  readonly #sent = new WeakMap<RequestSpec, HookRequest>();

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
        // 429 is not here: it gets its own single, Retry-After-paced retry for every method (RECOVERY.rateLimit).
        statusCodes: [...TRANSIENT_STATUSES],
        afterStatusCodes: [...TRANSIENT_STATUSES],
        maxRetryAfter: MAX_RETRY_AFTER_S * 1000,
        shouldRetry: ({ error }) => shouldRetry(error),
        jitter: true,
        backoffLimit: BACKOFF_LIMIT_MS,
      },
    });
  }

  /** `error` as the caller may see it: no token in any field or cause (see Secrets.error). Built above the transport too (a stream's errors). */
  scrub<E>(error: E): E {
    return this.#secrets.error(error);
  }

  /** `text` without any token this client has sent (a chat event's raw data, before it is parsed). */
  scrubText(text: string): string {
    return this.#secrets.text(text);
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
      const response = await this.#fetch(spec, token, false);
      if (!isJson(response)) return response;
      const source = await response.text();
      const result = unwrap(parseJsonOrUndefined(source));
      if (!result.ok) throw this.#failure(spec, response, result);
      return new Response(source, { status: response.status, headers: response.headers });
    });
  }

  /** Sends the call, takes off the envelope and parses the data with `schema`. */
  json<S extends z.ZodMiniType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    return this.#recovering(spec, async (token) => {
      const response = await this.#fetch(spec, token, true);
      const source = await response.text();
      const result = unwrap(parseBody(source, response.status));
      if (!result.ok) throw this.#failure(spec, response, result);
      const data = validate(schema, result.data, 'data');
      spec.onResponse?.(new Response(source, response));
      return data;
    });
  }

  /**
   * Runs one SDK method as an APIPromise: `run` gets `options` with an `onResponse` that each of its requests
   * reports its response to (the options reach the transport inside each RequestSpec), so `withResponse()`
   * gives the last one.
   */
  call<O extends object, T>(options: O, run: (options: O) => Promise<T>): APIPromise<T> {
    let last: Response | undefined;
    return new APIPromise(
      (async () => {
        const data = await run({ ...options, onResponse: (response: Response) => void (last = response) });
        return { data, response: last ?? new Response(null, { status: 204 }) };
      })(),
    );
  }

  /** Runs `attempt` with RECOVERY.expiredToken and RECOVERY.rateLimit, each once, as configured. */
  async #recovering<T>(spec: RequestSpec, attempt: (token: string | undefined) => Promise<T>): Promise<T> {
    const { auth, recovery } = this.#config;
    let renewals = recovery.renewToken ? RECOVERY_LIMITS.expiredToken : 0;
    let waits = recovery.retryRateLimit ? RECOVERY_LIMITS.rateLimit : 0;
    const withToken = spec.auth !== false && this.#isOwn(spec);
    for (;;) {
      const token = withToken ? await this.#token(spec.signal) : undefined;
      try {
        return await attempt(token);
      } catch (error) {
        if (error instanceof AuthenticationError && token && renewals > 0 && auth.renew) {
          renewals--;
          if (await auth.renew(token, spec.signal)) {
            this.#log('debug', () => `token rejected; renewed, retrying ${describeCall(spec)}`);
            await this.#beforeRetry(spec, error.status);
            continue;
          }
        }
        const wait = error instanceof RateLimitError && waits > 0 ? rateLimitWait(error.retryAfter) : undefined;
        if (wait !== undefined) {
          waits--;
          this.#log('warn', () => `rate limited; retrying ${describeCall(spec)} in ${wait / 1000} s`);
          await sleep(wait, spec.signal);
          await this.#beforeRetry(spec, 429);
          continue;
        }
        throw this.#secrets.error(error);
      }
    }
  }

  /**
   * The strategy's token, remembered as a secret. One that cannot go in a header is refused before anything is
   * sent, without quoting it; a strategy's own failure becomes a NemoVideoError (scrubbed) with it as the cause.
   */
  async #token(signal: AbortSignal | undefined): Promise<string | undefined> {
    const { auth } = this.#config;
    let token: unknown;
    try {
      token = await auth.token(signal);
    } catch (error) {
      if (signal?.aborted || error instanceof NemoVideoError) throw this.#secrets.error(error);
      throw this.#secrets.error(new NemoVideoError(`The "${auth.kind}" auth strategy failed: ${(error as Error)?.message ?? String(error)}`, { cause: error }));
    }
    // proxyAuth sends none: the page's server adds its own.
    if (token === undefined) return undefined;
    if (!sendable(token)) {
      throw new InvalidArgumentError(`The "${auth.kind}" auth strategy gave a token that cannot be sent: it must be visible ASCII, without spaces or line breaks.`);
    }
    this.#secrets.add(token);
    return token;
  }

  /** `hooks.beforeRetry` for a retry made here, above ky. */
  async #beforeRetry(spec: RequestSpec, status: number | undefined): Promise<void> {
    const request = this.#sent.get(spec) ?? { method: spec.method, url: this.#url(spec), headers: {} };
    await this.#config.hooks?.beforeRetry?.({ request, retryCount: 1, status, error: undefined });
  }

  /** A line for the logger, without any token; `line` is only built (and scrubbed) when the level is on. */
  #log(level: 'debug' | 'info' | 'warn', line: () => string): void {
    this.#config.logger?.[level]?.(this.#secrets.text(line()));
  }

  /**
   * One call through ky (or fetch itself for a large body), with its body already read unless it is a stream
   * (`readAll` false and the answer is neither JSON nor an error), so that reading it is part of the request.
   */
  async #fetch(spec: RequestSpec, token: string | undefined, readAll: boolean): Promise<Response> {
    const url = this.#url(spec);
    const own = this.#isOwn(spec);
    checkHeaders(spec.headers, 'headers');
    // Later layers win, whatever the case of a name: the client's defaults, the call's, what the call needs,
    // then the SDK's own. Attribution and defaults go only to the API: on a CDN they would force a CORS
    // preflight it may refuse, or hand it an app's headers.
    const headers = new Headers();
    for (const layer of [own && this.#config.defaultHeaders, spec.headers, spec.ownHeaders, own && this.#config.headers, token && { Authorization: `Bearer ${token}` }]) {
      for (const [name, value] of Object.entries(layer || {})) headers.set(name, value);
    }
    const { hooks } = this.#config;
    const started = Date.now();
    let retries = 0;
    let seen: HookRequest | undefined;
    let attemptStarted = started;
    this.#log('debug', () => describeCall(spec));
    let response: Response;
    try {
      response = spec.largeBody
        ? await this.#fetchLarge(url, spec, headers, (request) => this.#sent.set(spec, (seen = request)))
        : await this.#ky(url, {
            fetch: this.#reading(readAll),
            hooks: {
              // What hooks see of each attempt; nothing to do for a client without hooks.
              beforeRequest: hooks
                ? [
                    async (request) => {
                      this.#sent.set(spec, (seen = await runBeforeRequest(hooks, request.method, request.url, request.headers)));
                      attemptStarted = Date.now();
                    },
                  ]
                : [],
              // Each attempt's response, before ky retries it or makes it an HTTPError. Only when asked for: ky
              // hands the hook a clone, which for a stream tees its body.
              afterResponse: hooks?.afterResponse
                ? [async (_request, _options, response) => void (await hooks.afterResponse!({ request: seen!, response, durationMs: Date.now() - attemptStarted }))]
                : [],
              beforeRetry: [
                async ({ error, retryCount }) => {
                  retries = retryCount;
                  this.#log('debug', () => `retry #${retryCount}: ${describeCall(spec)}`);
                  const status = error instanceof HTTPError ? error.response.status : undefined;
                  await hooks?.beforeRetry?.({ request: seen!, retryCount, status, error: status === undefined ? error : undefined });
                },
              ],
            },
            // GETs are safe to repeat; a POST only when the call says so.
            retry: { limit: (spec.idempotent ?? spec.method === 'GET') ? (spec.maxRetries ?? this.#config.recovery.maxRetries) : 0 },
            method: spec.method,
            headers,
            json: spec.json,
            body: spec.body,
            signal: spec.signal,
            ...(spec.timeout !== undefined && { timeout: spec.timeout }),
            // A GET (state, render status, credits, a download) is never answered from a framework's fetch cache.
            ...(spec.method === 'GET' && noStore()),
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
        throw new APIConnectionError(`Could not reach ${new URL(url).origin}: ${(error as Error)?.message ?? String(error)}. Check the network and baseURL.`, {
          cause: error instanceof Error ? error : new Error(String(error)),
        });
      }
    }
    const durationMs = Date.now() - started;
    this.#log('info', () => {
      const requestId = response.headers.get('x-request-id');
      return `${describeCall(spec)} ${response.status} in ${durationMs} ms (retries ${retries}${requestId ? `, request ${requestId}` : ''})`;
    });
    if (spec.largeBody) await hooks?.afterResponse?.({ request: seen!, response: response.clone(), durationMs });
    if (response.ok) return response;
    // An error body that is not JSON (a proxy's HTML page) still gives the status its error class.
    const result = unwrap(parseJsonOrUndefined(await response.text().catch(() => '')));
    throw this.#failure(spec, response, result.ok ? {} : result);
  }

  /**
   * The fetch ky calls: the runtime's (looked up per call, which msw relies on) or the user's, then the body
   * read whole inside ky's timeout and retries unless the call streams it.
   */
  #reading(readAll: boolean): typeof fetch {
    return async (input, init) => {
      const response = await (this.#config.fetch ?? globalThis.fetch)(input, init);
      if (!readAll && response.ok && !isJson(response)) return response;
      const request = input instanceof Request ? input : undefined;
      return readWhole(response, init?.signal ?? request?.signal, new URL(response.url || (request?.url ?? String(input))).origin);
    };
  }

  /** One attempt with the runtime's fetch, for large bodies (see `largeBody`); timeouts as ky would apply them. */
  async #fetchLarge(url: string, spec: RequestSpec, headers: Headers, onSent: (request: HookRequest) => void): Promise<Response> {
    if (this.#config.hooks) onSent(await runBeforeRequest(this.#config.hooks, spec.method, url, headers));
    const timeout = spec.timeout ?? this.#config.timeout;
    const signals = [spec.signal, timeout === false ? undefined : AbortSignal.timeout(timeout)].filter((s) => s !== undefined);
    const signal = signals.length ? AbortSignal.any(signals) : undefined;
    // A fetch the user gave is theirs to keep: progress then comes at the start and end only.
    const fetchImpl = this.#config.fetch ?? (spec.onUploadProgress && typeof XMLHttpRequest == 'function' ? xhrFetch(spec.onUploadProgress) : globalThis.fetch);
    const response = await fetchImpl(url, { method: spec.method, headers, body: spec.body, redirect: 'error', ...(signal && { signal }) });
    return readWhole(response, signal, new URL(url).origin);
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
      byProxy: response.headers.has('x-nemo-refused-by'),
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


function parseJsonOrUndefined(source: string): unknown {
  try {
    return parseJson(source);
  } catch {
    return undefined;
  }
}

const isJson = (response: Response) => /\bjson\b/i.test(response.headers.get('content-type') ?? '');

/**
 * Which failures ky retries, beyond its own rules (GETs and calls marked idempotent only, `maxRetries` times):
 * of the SDK's own errors only a connection lost mid-body; a transient status with a missing or unreadable
 * Retry-After gets the backoff, one asking for more than MAX_RETRY_AFTER_S is the call's error at once, and a
 * readable one within it is waited out (ky's `afterStatusCodes`). Undefined leaves the rest to ky.
 */
function shouldRetry(error: Error): boolean | undefined {
  if (error instanceof NemoVideoError) return error instanceof APIConnectionError;
  if (!(error instanceof HTTPError) || !(TRANSIENT_STATUSES as readonly number[]).includes(error.response.status)) return undefined;
  const after = parseRetryAfter(error.response.headers.get('retry-after'));
  return after === undefined ? true : after <= MAX_RETRY_AFTER_S ? undefined : false;
}

/** Parses a JSON body, turning an empty or cut one into a ResponseValidationError. */
function parseBody(source: string, status: number): unknown {
  try {
    return parseJson(source);
  } catch {
    throw new ResponseValidationError(
      `Unexpected response: the body is not valid JSON (${source.length ? 'cut short or malformed' : 'empty'}, HTTP ${status}).`,
      'body',
      'JSON',
    );
  }
}

