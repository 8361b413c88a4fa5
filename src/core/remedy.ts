import {
  APIError,
  AuthenticationError,
  ExportBlockedError,
  FileTooLargeError,
  InsufficientCreditsError,
  MissingClientIdError,
  RateLimitError,
  SessionNotFoundError,
  UnsupportedFileTypeError,
} from './errors/api.js';
import { InvalidArgumentError, RenderFailedError, StreamError } from './errors/base.js';
import { APIConnectionError } from './errors/connection.js';
import { ACCEPTED_EXTENSIONS, MAX_UPLOAD_BYTES, REGISTER_URL } from './limits.js';

/**
 * What kind of trouble a {@link Remedy} is about.
 *
 * @example
 * ```ts
 * if (remedy.kind === 'no_credits') showUpgrade(remedy.links);
 * ```
 */
export type RemedyKind =
  | 'session_lost'
  | 'no_credits'
  | 'unsupported_file'
  | 'file_too_large'
  | 'plan'
  | 'rate_limited'
  | 'stalled'
  | 'no_change'
  | 'agent_error'
  | 'render_failed'
  | 'auth'
  | 'offline'
  | 'invalid'
  | 'error';

/**
 * A problem, in words for the person using the app, and what they can do about it.
 *
 * @example
 * ```ts
 * const { message, links } = remedyFor(error);
 * ```
 */
export interface Remedy {
  /** What kind of trouble it is. */
  kind: RemedyKind;
  /** The service's code when there is one: 1001, 1002, 2001, 4001, 4002, 402, 429, or another HTTP status. */
  code?: number | undefined;
  /** What happened and what to do, for a person: never a token or raw JSON. */
  message: string;
  /** Where to go (e.g. the registration link for an anonymous user out of credits); often empty. */
  links: Array<{
    /** What the link is for, e.g. `Register`. */
    label: string;
    /** The address. */
    url: string;
  }>;
  /** For `unsupported_file`: every accepted extension. */
  acceptedFormats?: readonly string[] | undefined;
  /** For `rate_limited`: seconds to wait. */
  retryAfter?: number | undefined;
  /** True when the work may still be running on the server (a cut or stalled stream): check the state, don't resend. */
  mayStillRun?: boolean | undefined;
  /** The server's request id, for support, when it sent one. */
  requestId?: string | undefined;
  /** The error itself, for logs and programs (its message never holds a token). */
  error?: unknown;
}

// Functions, not constants: module-level calls would count as side effects and stay in every bundle.
const accountSite = () => new URL(REGISTER_URL).origin;

/**
 * Turns any error from the SDK into a {@link Remedy}: the spec's advice per error code (2001 → the
 * registration link or a top-up, 4001 → the accepted formats, 4002 → compress or trim, 402 → the plan, not
 * credits, 429 → wait), in words for a person.
 *
 * @example
 * ```ts
 * try { await nv.export(sessionId); }
 * catch (error) { const r = remedyFor(error); console.error(r.message, ...r.links.map((l) => l.url)); }
 * ```
 */
export function remedyFor(error: unknown): Remedy {
  const api = error instanceof APIError ? error : undefined;
  const base = { code: api?.code, requestId: api?.requestId, links: [], error };
  const make = (kind: RemedyKind, message: string, extra: Partial<Remedy> = {}): Remedy => ({ ...base, kind, message, ...extra });
  if (error instanceof InsufficientCreditsError) {
    const url = error.registrationUrl;
    return url
      ? make('no_credits', 'You are out of credits. Register (free) to keep this project and get more credits.', { links: [{ label: 'Register', url }] })
      : make('no_credits', `You are out of credits: top up your NemoVideo account at ${accountSite()}.`, { links: [{ label: 'Top up', url: accountSite() }] });
  }
  if (error instanceof UnsupportedFileTypeError) {
    return make('unsupported_file', `That file type is not supported. Accepted: ${ACCEPTED_EXTENSIONS.join(', ')} (MP4, MOV, PNG and JPG work best).`, {
      acceptedFormats: ACCEPTED_EXTENSIONS,
    });
  }
  if (error instanceof FileTooLargeError && error.byProxy) return make('file_too_large', error.message);
  if (error instanceof FileTooLargeError) return make('file_too_large', `The file is over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: compress it or trim it, then upload it again.`);
  if (error instanceof ExportBlockedError) {
    return make('plan', 'Your plan does not include exports. This is the subscription tier, not credits: buying credits will not unlock it.');
  }
  if (error instanceof RateLimitError) {
    return make('rate_limited', `The service is busy. Wait ${error.retryAfter} s and try again.`, { retryAfter: error.retryAfter });
  }
  if (error instanceof SessionNotFoundError) return make('session_lost', 'The project session has expired. Start again: a new session holds nothing yet.');
  // Its own words say what happened (a new client id refused too, say) and what to do; the server's stay out.
  if (error instanceof MissingClientIdError) return make('auth', error.message.split(' (server:')[0]!);
  if (error instanceof AuthenticationError) {
    if (error.byProxy) return make('auth', error.message);
    return make('auth', 'The access token was rejected or has expired: set a fresh NEMO_TOKEN, or remove it to use a free one.');
  }
  if (error instanceof StreamError) {
    return make('stalled', 'The connection dropped, but the work may still be running on the server, so the message was not sent again.', {
      mayStillRun: true,
    });
  }
  if (error instanceof RenderFailedError) {
    return make('render_failed', `The render failed${error.reason ? ` (${error.reason})` : ''}. Try exporting again, or change the video first.`);
  }
  if (error instanceof APIConnectionError) return make('offline', 'NemoVideo could not be reached. Check the connection and try again.');
  // Argument errors are written for people already ("Nothing to export yet: …").
  if (error instanceof InvalidArgumentError) return make('invalid', error.message);
  const detail = api?.status ? ` (HTTP ${api.status}${api.requestId ? `, request ${api.requestId}` : ''})` : '';
  return make('error', `Something went wrong${detail}. Try again in a moment.`);
}
