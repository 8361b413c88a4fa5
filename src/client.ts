import { guardedBody } from './core/body.js';
import { isHttpUrl } from './core/http-url.js';
import { anonymousAuth } from './core/auth/anonymous-auth.js';
import type { AuthStrategy } from './core/auth/strategy.js';
import { tokenAuth } from './core/auth/token-auth.js';
import { memoryTokenStore, type TokenStore } from './core/auth/token-store.js';
import { readEnv } from './core/env.js';
import { InvalidArgumentError, NemoVideoError, RenderFailedError } from './core/errors/base.js';
import { isLogLevel, leveled, type Logger, type LogLevel } from './core/logger.js';
import { checkHeaders, type Hooks } from './core/hooks.js';
import { skillHeaders, type SkillHeaders } from './core/skill-headers.js';
import type { CallOptions } from './core/call-options.js';
import { Transport } from './core/transport.js';
import { describe } from './resources/args.js';
import { Auth } from './resources/auth.js';
import { Chat } from './resources/chat.js';
import { CreditsResource } from './resources/credits.js';
import { Renders, type WaitOptions } from './resources/renders.js';
import { Sessions } from './resources/sessions.js';
import { StateResource } from './resources/state.js';
import { Uploads } from './resources/uploads.js';
import { isExportable, type Timeline } from './schemas/timeline.js';

/** The production API. `NEMO_BASE_URL` or `baseURL` points elsewhere (the emulator, the dev twin). */
export const DEFAULT_BASE_URL = 'https://mega-api-prod.nemovideo.ai';

/**
 * Options of {@link NemoVideo}. All are optional.
 *
 * @example
 * ```ts
 * new NemoVideo({ baseURL: 'http://127.0.0.1:4010', timeout: 30_000, maxRetries: 3 });
 * ```
 */
export interface ClientOptions {
  /**
   * A token you have. Without one, an anonymous token is acquired on the first call.
   * @default the `NEMO_TOKEN` environment variable where an environment exists
   */
  token?: string | undefined;
  /**
   * The API's address.
   * @default the `NEMO_BASE_URL` environment variable, else {@link DEFAULT_BASE_URL}
   */
  baseURL?: string | undefined;
  /**
   * `X-Client-Id` for anonymous tokens.
   * @default the stored one, else a new UUID (then stored)
   */
  clientId?: string | undefined;
  /**
   * Where anonymous credentials are kept.
   * @default memoryTokenStore()
   */
  tokenStore?: TokenStore | undefined;
  /**
   * Any other way to get tokens; overrides `token`, `clientId` and `tokenStore`.
   * @default tokenAuth(token) when there is a token, else anonymousAuth over `tokenStore`
   */
  authStrategy?: AuthStrategy | undefined;
  /**
   * Session language (ISO tag).
   * @default 'en'
   */
  language?: string | undefined;
  /**
   * Overrides for the `X-Skill-*` attribution headers.
   * @default { source: 'video-generator-free-api', version: VERSION, platform: detectPlatform() }
   */
  skill?: SkillHeaders | undefined;
  /**
   * Milliseconds each request may take, reading its answer included. Every call's options can override it;
   * the limit on a whole operation (a render wait, an export) is its `maxDuration`.
   * @default 60000
   */
  timeout?: number | undefined;
  /**
   * Retries of network errors and 5xx on calls safe to repeat (with backoff and jitter), and of a render
   * id the renderer refused as taken. 0 turns both off.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * On a rejected anonymous token (1001), get a new one (same client id) and retry once.
   * @default true
   */
  renewToken?: boolean | undefined;
  /**
   * On 429, wait Retry-After (30 s when it names none, up to 60 s) and retry once, the chat included (a
   * refused chat never ran).
   * @default true
   */
  retryRateLimit?: boolean | undefined;
  /**
   * A fetch to use instead of the global one.
   * @default globalThis.fetch, looked up on each request
   */
  fetch?: typeof fetch | undefined;
  /**
   * Where log lines go (requests, responses, retries, renewals, rate-limit waits); never a token or a body.
   * @default console
   */
  logger?: Logger | undefined;
  /**
   * How much is logged: `debug` (each request and retry), `info` (each response: method, path, status,
   * duration, retries, request id), `warn` (waits the SDK works around), `error`, or `off`.
   * @default the `NEMO_LOG` environment variable where an environment exists, else 'warn'
   */
  logLevel?: LogLevel | undefined;
  /**
   * Headers sent with every call to the API (not to a download's CDN), under each call's own `headers`.
   * `Authorization` and `X-Skill-*` are the SDK's and refused here.
   * @default undefined (none)
   */
  defaultHeaders?: Record<string, string> | undefined;
  /**
   * Functions called around every HTTP request, for tracing, metrics and per-tenant headers (see {@link Hooks}).
   * @default undefined (none)
   */
  hooks?: Hooks | undefined;
}

/**
 * Options of {@link NemoVideo.export}: those of `renders.wait`, and a timeline to render. `maxDuration` limits
 * the whole export (state, submit and wait); `timeout` each of its requests.
 *
 * @example
 * ```ts
 * await nv.export(session.id, { maxDuration: 600_000, signal: controller.signal, onProgress: (s) => console.log(s.progress) });
 * ```
 */
export interface ExportOptions extends WaitOptions {
  /**
   * Render this timeline (one already read, or taken earlier) instead of reading the session's state first.
   * @default undefined (the session's current timeline is read)
   */
  draft?: Timeline | undefined;
  /**
   * Called with the render job's id as soon as the job exists, before the wait: keep it to pick the render up
   * again (`renders.wait(id)`) after a reload or in another process.
   * @default undefined (no callback)
   */
  onRenderStarted?: ((renderId: string) => void) | undefined;
}

/**
 * How far a download has got.
 *
 * @example
 * ```ts
 * const onProgress = ({ loaded, total }: DownloadProgress) => console.log(total ? `${Math.round((loaded / total) * 100)}%` : `${loaded} B`);
 * ```
 */
export interface DownloadProgress {
  /** Bytes received so far. */
  loaded: number;
  /** The download's size in bytes, when the server said (Content-Length); else undefined. */
  total: number | undefined;
}

/**
 * Options of {@link NemoVideo.download} (and `downloadToFile` in `nemo-video/node`).
 *
 * @example
 * ```ts
 * await nv.download(url, { onProgress: (p) => console.log(p.loaded), signal: AbortSignal.timeout(600_000) });
 * ```
 */
export interface DownloadOptions extends CallOptions {
  /**
   * Called as bytes arrive (as the returned stream is read): at 0 when the download starts, then after every
   * chunk, the last with `loaded` at the download's size.
   * @default undefined (no callback)
   */
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
}

/**
 * What {@link NemoVideo.export} resolves to.
 *
 * @example
 * ```ts
 * const { url, renderId } = await nv.export(session.id);
 * ```
 */
export interface ExportResult {
  /** Where to download the MP4. */
  url: string;
  /** The render job's id, e.g. for support requests or `nv.renders.retrieve`. */
  renderId: string;
}

/**
 * The NemoVideo client: text and images in, rendered MP4 out.
 *
 * @example
 * ```ts
 * const nv = new NemoVideo();
 * const session = await nv.sessions.create();
 * await nv.chat.stream(session.id, 'generate a 30-second video from this script: ...').finalText();
 * const { url } = await nv.export(session.id, { onProgress: (s) => console.log(`${s.progress}%`) });
 * ```
 */
export class NemoVideo {
  /** Tokens. */
  readonly auth: Auth;
  /** Chat sessions. */
  readonly sessions: Sessions;
  /** The agent chat stream. */
  readonly chat: Chat;
  /** Media uploads. */
  readonly uploads: Uploads;
  /** Credit balance. */
  readonly credits: CreditsResource;
  /** Session state (the timeline). */
  readonly state: StateResource;
  /** Export (render) jobs. */
  readonly renders: Renders;
  /** The API this client talks to. */
  readonly baseURL: string;
  readonly #transport: Transport;

  constructor(options: ClientOptions = {}) {
    const baseURL = (options.baseURL ?? readEnv('NEMO_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    if (!isHttpUrl(baseURL)) {
      throw new InvalidArgumentError(`baseURL must be an http(s) URL such as ${DEFAULT_BASE_URL}, got "${baseURL}".`);
    }
    const token = options.token ?? readEnv('NEMO_TOKEN');
    const auth =
      options.authStrategy ??
      (token
        ? tokenAuth(token)
        : anonymousAuth({
            store: options.tokenStore ?? memoryTokenStore(),
            clientId: options.clientId,
            acquire: (clientId, signal) => this.auth.anonymousToken({ clientId }, { signal }),
          }));
    const logLevel = options.logLevel ?? readEnv('NEMO_LOG') ?? 'warn';
    if (!isLogLevel(logLevel)) {
      throw new InvalidArgumentError(`logLevel (or NEMO_LOG) must be debug, info, warn, error or off, got ${describe(logLevel)}.`);
    }
    checkHeaders(options.defaultHeaders, 'defaultHeaders');
    this.baseURL = baseURL;
    this.#transport = new Transport({
      baseURL,
      auth,
      headers: skillHeaders(options.skill),
      defaultHeaders: options.defaultHeaders,
      hooks: options.hooks,
      timeout: options.timeout ?? 60_000,
      recovery: {
        maxRetries: options.maxRetries ?? 2,
        renewToken: options.renewToken ?? true,
        retryRateLimit: options.retryRateLimit ?? true,
      },
      fetch: options.fetch,
      logger: leveled(options.logger ?? globalThis.console, logLevel),
    });
    this.auth = new Auth(this.#transport);
    this.sessions = new Sessions(this.#transport, options.language ?? 'en');
    this.chat = new Chat(this.#transport);
    this.uploads = new Uploads(this.#transport);
    this.credits = new CreditsResource(this.#transport);
    this.state = new StateResource(this.#transport);
    this.renders = new Renders(this.#transport);
  }

  /**
   * Renders the session's current timeline and waits for the MP4: state → render → wait. If the wait is
   * aborted or times out, the render job is cancelled rather than left running.
   *
   * @example
   * ```ts
   * const { url } = await nv.export(session.id, { onProgress: (s) => console.log(`${s.progress}%`) });
   * ```
   */
  async export(sessionId: string, { draft: given, interval, maxDuration, onProgress, onRenderStarted, ...call }: ExportOptions = {}): Promise<ExportResult> {
    const started = Date.now();
    const draft = given ?? (await this.state.get(sessionId, call)).draft;
    if (!isExportable(draft)) {
      throw new InvalidArgumentError('Nothing to export yet: the timeline is empty. Ask the agent to generate the video first.');
    }
    const job = await this.renders.create({ sessionId, draft }, call);
    try {
      onRenderStarted?.(job.id);
      const left = maxDuration === undefined ? undefined : Math.max(0, maxDuration - (Date.now() - started));
      const { url } = await this.renders.wait(job.id, { ...call, interval, maxDuration: left, onProgress });
      return { url, renderId: job.id };
    } catch (error) {
      if (!(error instanceof RenderFailedError)) await this.renders.cancel(job.id).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Opens a download (an export's `url`) as a byte stream. The token is sent only when the URL is on the
   * API's own origin, never to a CDN.
   *
   * @example
   * ```ts
   * const body = await nv.download(url);
   * const blob = await new Response(body).blob();
   * ```
   */
  async download(url: string, { onProgress, ...options }: DownloadOptions = {}): Promise<ReadableStream<Uint8Array>> {
    if (!isHttpUrl(url)) {
      throw new InvalidArgumentError(`download needs an http(s) URL, got ${describe(url)}.`);
    }
    const response = await this.#transport.send({ timeout: false, ...options, method: 'GET', path: url });
    const { origin } = new URL(url);
    if (!response.body) throw new NemoVideoError(`The download from ${origin} has no body.`);
    const total = Number(response.headers.get('content-length')) || undefined;
    let loaded = 0;
    onProgress?.({ loaded, total });
    // Counted as the caller reads: progress means bytes handed over, not bytes buffered somewhere.
    return guardedBody(response.body, origin, options.signal, onProgress && ((chunk) => onProgress({ loaded: (loaded += chunk.byteLength), total })));
  }

  /** What `JSON.stringify(client)` shows; the token lives in private fields, so no printing of the client shows it. */
  toJSON(): {
    /** The API this client talks to, as in {@link NemoVideo.baseURL}. */
    baseURL: string;
  } {
    return { baseURL: this.baseURL };
  }
}
