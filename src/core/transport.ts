import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import type * as z from 'zod/mini';
import type { AuthStrategy } from './auth/strategy.js';
import { AuthenticationError, RateLimitError } from './errors/api.js';
import { NemoVideoError, ResponseValidationError } from './errors/base.js';
import { APIConnectionError, APITimeoutError } from './errors/connection.js';
import { errorFromResponse } from './errors/from-response.js';
import { parseJson, unwrap } from './envelope.js';
import type { Logger } from './logger.js';
import { sleep } from './sleep.js';
import { validate } from './validate.js';

/**
 * Options every call takes.
 *
 * @example
 * ```ts
 * await nv.credits.balance({ timeout: 5_000, signal: AbortSignal.timeout(10_000) });
 * ```
 */
export interface CallOptions {
  /** Abort the call; the signal's reason (an `AbortError` by default) is thrown as is. */
  signal?: AbortSignal | undefined;
  /** Milliseconds for this call (until the response starts), overriding the client's `timeout`. */
  timeout?: number | false | undefined;
}

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
  /** Network errors and 5xx are retried with backoff only when the call is safe to repeat. */
  idempotent?: boolean;
  /** Turn off, for this call, the once-only recoveries that repeat it (token renewal, 429 wait). */
  recover?: { renewToken?: boolean; rateLimit?: boolean };
  onUploadProgress?: (sentBytes: number) => void;
}

/** What the client hands the transport. */
export interface TransportConfig {
  baseURL: string;
  auth: AuthStrategy;
  headers: Record<string, string>;
  timeout: number;
  maxRetries: number;
  renewToken: boolean;
  retryRateLimit: boolean;
  fetch?: typeof fetch | undefined;
  logger?: Logger | undefined;
}

/** Larger JSON bodies than this are refused rather than parsed: no endpoint sends anything near it. */
const MAX_JSON_CHARS = 16 * 1024 * 1024;

/**
 * The one HTTP layer: base URL, Bearer and X-Skill headers, timeouts, retries and error mapping.
 * It knows envelopes but no endpoint.
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
      retry: {
        limit: config.maxRetries,
        // 429 is not here: it gets its own single, Retry-After-paced retry for every method.
        statusCodes: [408, 500, 502, 503, 504],
        jitter: true,
        backoffLimit: 8_000,
      },
      hooks: {
        beforeRetry: [({ request, retryCount }) => config.logger?.debug?.(`retry #${retryCount}: ${request.method} ${new URL(request.url).pathname}`)],
      },
    });
  }

  /** Sends the call and returns the successful response, unread (for streams and downloads). */
  send(spec: RequestSpec): Promise<Response> {
    return this.#recovering(spec, (token) => this.#fetch(spec, token));
  }

  /** Sends the call, takes off the envelope and parses the data with `schema`. */
  json<S extends z.ZodMiniType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    return this.#recovering(spec, async (token) => {
      const response = await this.#fetch(spec, token);
      const result = unwrap(await readJson(response));
      if (!result.ok) throw this.#failure(spec, response, result.code, result.detail);
      return validate(schema, result.data, 'data');
    });
  }

  /** Runs `attempt`, renewing a rejected token once and waiting out a 429 once, as configured. */
  async #recovering<T>(spec: RequestSpec, attempt: (token: string | undefined) => Promise<T>): Promise<T> {
    const { auth, logger } = this.#config;
    let renewed = !this.#config.renewToken || spec.recover?.renewToken === false;
    let waited = !this.#config.retryRateLimit || spec.recover?.rateLimit === false;
    const withToken = spec.auth !== false && this.#url(spec).startsWith(`${this.#config.baseURL}/`);
    for (;;) {
      const token = withToken ? await auth.token(spec.signal) : undefined;
      try {
        return await attempt(token);
      } catch (error) {
        if (error instanceof AuthenticationError && token && !renewed && auth.renew) {
          renewed = true;
          if (await auth.renew(token, spec.signal)) {
            logger?.debug?.(`token rejected; renewed, retrying ${spec.method} /${spec.path}`);
            continue;
          }
        }
        if (error instanceof RateLimitError && !waited) {
          waited = true;
          logger?.warn?.(`rate limited; retrying ${spec.method} /${spec.path} in ${error.retryAfter} s`);
          await sleep(error.retryAfter * 1000, spec.signal);
          continue;
        }
        throw error;
      }
    }
  }

  async #fetch(spec: RequestSpec, token: string | undefined): Promise<Response> {
    const url = this.#url(spec);
    const headers = { ...this.#config.headers, ...spec.headers, ...(token && { Authorization: `Bearer ${token}` }) };
    this.#config.logger?.debug?.(`${spec.method} /${spec.path}`);
    try {
      return await this.#ky(url, {
        method: spec.method,
        headers,
        json: spec.json,
        body: spec.body,
        signal: spec.signal,
        ...(spec.timeout !== undefined && { timeout: spec.timeout }),
        ...(!spec.idempotent && { retry: { limit: 0 } }),
        ...(spec.onUploadProgress && { onUploadProgress: (p) => spec.onUploadProgress!(p.transferredBytes) }),
      });
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      if (error instanceof HTTPError) {
        const body = await readJson(error.response).catch(() => undefined);
        const result = unwrap(body);
        throw this.#failure(spec, error.response, result.ok ? undefined : result.code, result.ok ? undefined : result.detail);
      }
      if (error instanceof TimeoutError) {
        // No `cause`: ky's TimeoutError holds the Request, whose headers (the Bearer token) util.inspect prints.
        throw new APITimeoutError(`${spec.method} /${spec.path} timed out; raise the timeout option or try again.`);
      }
      if (error instanceof NemoVideoError) throw error;
      throw new APIConnectionError(`Could not reach ${new URL(url).origin}: ${(error as Error)?.message ?? error}. Check the network and baseURL.`, {
        cause: error,
      });
    }
  }

  #url({ path }: RequestSpec): string {
    return /^https?:\/\//i.test(path) ? path : `${this.#config.baseURL}/${path}`;
  }

  #failure(spec: RequestSpec, response: Response, code: number | undefined, detail: string | undefined) {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    return errorFromResponse({
      status: response.status,
      code: code ?? response.status,
      detail,
      requestId: response.headers.get('x-request-id') ?? undefined,
      retryAfter,
      userId: this.#config.auth.userId?.(),
      path: spec.path,
    });
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
