import { CLASS_NAME, NemoVideoError } from './base.js';
import { ACCEPTED_EXTENSIONS, MAX_UPLOAD_BYTES, REGISTER_URL } from '../limits.js';

/**
 * What the server said about a failed call.
 *
 * @example
 * ```ts
 * const fake = new APIError('Upstream failed.', { status: 502, requestId: 'req_123' }); // e.g. in a test
 * ```
 */
export interface APIErrorInit {
  /** HTTP status, when a response came. */
  status?: number | undefined;
  /** The envelope's `code` (e.g. 2001), or the HTTP status when the body had none. */
  code?: number | undefined;
  /** The server's request id, when it sent one. */
  requestId?: string | undefined;
  /** The server's own message, if any. */
  detail?: string | undefined;
  /** Seconds the server asked to wait before trying again (a readable Retry-After), when it sent one. */
  retryAfter?: number | undefined;
  /** Whether your app's proxy (`nemo-video/server`) refused the call itself: its `detail` is then the message. */
  byProxy?: boolean | undefined;
}

/**
 * The service answered with an error. `status`, `code` and `requestId` are set when the server sent them;
 * the token never is.
 *
 * @example
 * ```ts
 * if (err instanceof APIError) console.error(err.code, err.status, err.requestId);
 * ```
 */
export class APIError extends NemoVideoError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'APIError';
  /** HTTP status, when a response came (it may be 200 with an error `code`). */
  readonly status: number | undefined;
  /** The envelope's `code` (e.g. 2001), or the HTTP status when the body had none. */
  readonly code: number | undefined;
  /** The server's request id, when it sent one: quote it in support requests. */
  readonly requestId: string | undefined;
  /**
   * Seconds the server asked to wait before trying again (its Retry-After, as seconds or a date), when it sent
   * a readable one. A call safe to repeat that was told to wait more than 60 s ends with this at once.
   */
  readonly retryAfter: number | undefined;
  /**
   * True when your app's proxy (`createProxy` of `nemo-video/server`) refused the call itself (not signed in, over
   * its upload limit, another user's session): the message is then the proxy's, not the service's usual advice.
   */
  readonly byProxy: boolean;
  constructor(message: string, init: APIErrorInit = {}) {
    super(init.byProxy && init.detail ? init.detail : init.detail && !message.includes(init.detail) ? `${message} (server: ${init.detail})` : message);
    this.byProxy = !!init.byProxy;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }
}

/**
 * Code 1001 (or HTTP 401): the token is invalid or expired. Anonymous tokens are renewed for you once;
 * for your own token, get a fresh one.
 *
 * @example
 * ```ts
 * if (err instanceof AuthenticationError) process.env.NEMO_TOKEN = await refresh();
 * ```
 */
export class AuthenticationError extends APIError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'AuthenticationError';
  constructor(init: APIErrorInit = {}) {
    super('The token is invalid or expired: set a fresh NEMO_TOKEN, or omit it to use an anonymous token.', init);
  }
}

/**
 * Code 1002 (or HTTP 404 on a session path): the session does not exist (any more). Create a new one with
 * `nv.sessions.create()`.
 *
 * @example
 * ```ts
 * if (err instanceof SessionNotFoundError) session = await nv.sessions.create();
 * ```
 */
export class SessionNotFoundError extends APIError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'SessionNotFoundError';
  constructor(init: APIErrorInit = {}) {
    super('The session was not found: create a new one with nv.sessions.create().', init);
  }
}

/**
 * Code 2001: out of credits. `registrationUrl` is set for anonymous users (it binds their work to the new account).
 *
 * @example
 * ```ts
 * if (err instanceof InsufficientCreditsError) console.log('Register:', err.registrationUrl);
 * ```
 */
export class InsufficientCreditsError extends APIError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'InsufficientCreditsError';
  /** `https://nemovideo.com/register?bind=<userId>` for an anonymous user (registering keeps their work); else undefined. */
  readonly registrationUrl: string | undefined;
  constructor(init: APIErrorInit & { userId?: string | undefined } = {}) {
    const url = init.userId?.startsWith('anon_') ? `${REGISTER_URL}?bind=${encodeURIComponent(init.userId)}` : undefined;
    super(
      url
        ? `Out of credits. Register at ${url} to keep this project and get more.`
        : 'Out of credits: top up your NemoVideo account.',
      init,
    );
    this.registrationUrl = url;
  }
}

/**
 * Code 4001: the file type is not accepted. Thrown before upload when the SDK can tell from the name.
 *
 * @example
 * ```ts
 * if (err instanceof UnsupportedFileTypeError) console.log(err.acceptedFormats.join(', '));
 * ```
 */
export class UnsupportedFileTypeError extends APIError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'UnsupportedFileTypeError';
  /** Every extension the service accepts (all kinds of {@link ACCEPTED_FORMATS}), lower case, without the dot. */
  readonly acceptedFormats: readonly string[] = ACCEPTED_EXTENSIONS;
  constructor(init: APIErrorInit & { filename?: string | undefined } = {}) {
    super(
      `Unsupported file type${init.filename ? ` for "${init.filename}"` : ''}. Accepted: ${ACCEPTED_EXTENSIONS.join(', ')}.`,
      init,
    );
  }
}

/**
 * Code 4002: the file is over the 200 MB limit (`limitBytes`). Compress or trim it first.
 *
 * @example
 * ```ts
 * if (err instanceof FileTooLargeError) console.log(`max ${err.limitBytes} bytes`);
 * ```
 */
export class FileTooLargeError extends APIError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'FileTooLargeError';
  /** The upload limit in bytes: {@link MAX_UPLOAD_BYTES} (200 MB). */
  readonly limitBytes = MAX_UPLOAD_BYTES;
  constructor(init: APIErrorInit = {}) {
    super('The file is larger than 200 MB: compress or trim it and upload again.', init);
  }
}

/**
 * HTTP 400 on the anonymous-token call: the `X-Client-Id` header was missing. Pass a `clientId`.
 *
 * @example
 * ```ts
 * await nv.auth.anonymousToken({ clientId: crypto.randomUUID() });
 * ```
 */
export class MissingClientIdError extends APIError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'MissingClientIdError';
  /**
   * @param replaced - anonymous auth already made a new client id after a first refusal, and that one was
   * refused too (RECOVERY.missingClientId): the message says so, since passing a new id is then no remedy.
   */
  constructor(init: APIErrorInit = {}, replaced?: boolean) {
    super(
      replaced
        ? 'The X-Client-Id header was refused, and a new one too: check that nothing on the way drops it.'
        : 'The X-Client-Id header is missing: pass a clientId (a UUID kept per installation).',
      init,
    );
  }
}

/**
 * HTTP 402: the account's plan does not allow exports. This is the subscription tier, not credits.
 *
 * @example
 * ```ts
 * if (err instanceof ExportBlockedError) console.log('Upgrade the plan to export.');
 * ```
 */
export class ExportBlockedError extends APIError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'ExportBlockedError';
  constructor(init: APIErrorInit = {}) {
    super(
      'Export is blocked by the account plan (a subscription matter, not credits). It also happens when the X-Skill-* headers are missing.',
      init,
    );
  }
}

/**
 * HTTP 403: the call was refused. From your own server's proxy (`nemo-video/server`): the session or render
 * belongs to another of your app's users, or was not made through the proxy, or the page's origin is not
 * allowed. Nothing was forwarded to the service.
 *
 * @example
 * ```ts
 * if (err instanceof PermissionDeniedError) session = await nv.sessions.create(); // one of this user's own
 * ```
 */
export class PermissionDeniedError extends APIError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'PermissionDeniedError';
  constructor(init: APIErrorInit = {}) {
    super('The call was refused (403): the session or render is not this user\'s, or the origin is not allowed.', init);
  }
}

/**
 * HTTP 429: rate limited. `retryAfter` is the wait the server asked for, in seconds (30, the service's documented
 * wait, when it named none or none readable). The SDK already waited and retried once by itself, unless the
 * wait was over 60 s.
 *
 * @example
 * ```ts
 * if (err instanceof RateLimitError) await sleep(err.retryAfter * 1000);
 * ```
 */
export class RateLimitError extends APIError {
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'RateLimitError';
  constructor(
    /** Seconds the server asked to wait (its Retry-After), or 30 when it named none or none readable. */
    override readonly retryAfter: number,
    init: APIErrorInit = {},
  ) {
    super(`Rate limited: wait ${retryAfter} s and try again.`, init);
  }
}
