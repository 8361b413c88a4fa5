import { isHttpUrl } from './core/http-url.js';
import { anonymousAuth } from './core/auth/anonymous-auth.js';
import type { AuthStrategy } from './core/auth/strategy.js';
import { tokenAuth } from './core/auth/token-auth.js';
import { memoryTokenStore, type TokenStore } from './core/auth/token-store.js';
import { readEnv } from './core/env.js';
import { InvalidArgumentError, NemoVideoError, RenderFailedError } from './core/errors/base.js';
import type { Logger } from './core/logger.js';
import { skillHeaders, type SkillHeaders } from './core/skill-headers.js';
import { Transport, type CallOptions } from './core/transport.js';
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
  /** A token you have. Default: `NEMO_TOKEN` where an environment exists; else an anonymous token on first call. */
  token?: string | undefined;
  /** Default `NEMO_BASE_URL`, else {@link DEFAULT_BASE_URL}. */
  baseURL?: string | undefined;
  /** `X-Client-Id` for anonymous tokens. Default: the stored one, else a new UUID (then stored). */
  clientId?: string | undefined;
  /** Where anonymous credentials are kept. Default: memory. */
  tokenStore?: TokenStore | undefined;
  /** Any other way to get tokens; overrides `token`, `clientId` and `tokenStore`. */
  authStrategy?: AuthStrategy | undefined;
  /** Session language (ISO tag). Default `en`. */
  language?: string | undefined;
  /** Overrides for the `X-Skill-*` attribution headers. */
  skill?: SkillHeaders | undefined;
  /** Milliseconds per request until the response starts. Default 60 s. */
  timeout?: number | undefined;
  /** Retries of network errors and 5xx on calls safe to repeat (with backoff and jitter). Default 2. */
  maxRetries?: number | undefined;
  /** On a rejected anonymous token, get a new one (same client id) and retry once. Default true. */
  renewToken?: boolean | undefined;
  /** On 429, wait Retry-After (or 30 s) and retry once. Default true. */
  retryRateLimit?: boolean | undefined;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch | undefined;
  /** Gets debug lines (requests, retries, renewals); never a token. */
  logger?: Logger | undefined;
}

/**
 * Options of {@link NemoVideo.export}: those of `renders.wait`, and a timeline to render.
 *
 * @example
 * ```ts
 * await nv.export(session.id, { timeout: 600_000, signal: controller.signal, onProgress: (s) => console.log(s.progress) });
 * ```
 */
export interface ExportOptions extends WaitOptions {
  /** Render this timeline (one already read, or taken earlier) instead of reading the session's state first. */
  draft?: Timeline | undefined;
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
    this.baseURL = baseURL;
    this.#transport = new Transport({
      baseURL,
      auth,
      headers: skillHeaders(options.skill),
      timeout: options.timeout ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      renewToken: options.renewToken ?? true,
      retryRateLimit: options.retryRateLimit ?? true,
      fetch: options.fetch,
      logger: options.logger,
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
  async export(sessionId: string, { draft: given, ...options }: ExportOptions = {}): Promise<ExportResult> {
    const draft = given ?? (await this.state.get(sessionId, { signal: options.signal })).draft;
    if (!isExportable(draft)) {
      throw new InvalidArgumentError('Nothing to export yet: the timeline is empty. Ask the agent to generate the video first.');
    }
    const job = await this.renders.create({ sessionId, draft }, { signal: options.signal });
    try {
      const { url } = await this.renders.wait(job.id, options);
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
  async download(url: string, options: CallOptions = {}): Promise<ReadableStream<Uint8Array>> {
    if (!isHttpUrl(url)) {
      throw new InvalidArgumentError(`download needs an http(s) URL, got ${describe(url)}.`);
    }
    const response = await this.#transport.send({ timeout: false, ...options, method: 'GET', path: url });
    if (!response.body) throw new NemoVideoError(`The download from ${new URL(url).origin} has no body.`);
    return response.body;
  }

  /** What `JSON.stringify(client)` shows; the token lives in private fields, so no printing of the client shows it. */
  toJSON(): {
    /** The API this client talks to, as in {@link NemoVideo.baseURL}. */
    baseURL: string;
  } {
    return { baseURL: this.baseURL };
  }
}
