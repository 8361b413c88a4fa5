/**
 * The one map of recovery: every retry and renewal the SDK makes by itself, what sets it off, where it
 * happens, how often, and the option that turns it off. The code that recovers takes its numbers from here,
 * and docs/errors.md shows this table (a test keeps the two in step). Nothing else in the SDK repeats a call.
 *
 * What is never done: a chat message that may have run is never sent again (a cut stream is a StreamError,
 * and `nv.state.get()` tells what the agent did); an upload is never repeated (its body is gone).
 */

/** One automatic recovery. */
export interface Recovery {
  /** What sets it off. */
  readonly on: string;
  /** The calls it applies to. */
  readonly calls: string;
  /** Where it happens in the code. */
  readonly where: string;
  /** How often, at most, for one call, in words (the number is in {@link RECOVERY_LIMITS}). */
  readonly times: string;
  /** How to turn it off. */
  readonly off: string;
}

/** HTTP statuses that say "try again": the request did not take effect, or it is safe to repeat. */
export const TRANSIENT_STATUSES = [408, 500, 502, 503, 504] as const;
/** The longest backoff between two retries of a transient failure (with jitter below it). */
export const BACKOFF_LIMIT_MS = 8_000;
/** The wait on a 429 that names none (or none readable): the service's documented wait. */
export const DEFAULT_RETRY_AFTER_S = 30;
/**
 * The longest Retry-After (any status) that is waited out. A readable one up to this is honoured as asked; a
 * longer one is the call's error at once, carrying `retryAfter`, rather than a hung call.
 */
export const MAX_RETRY_AFTER_S = 60;

/**
 * How often each recovery happens at most for one call, where that is fixed (the transient retries' count is
 * the `maxRetries` option). The code reads these; {@link RECOVERY} describes them. Kept apart so that an app's
 * bundle carries these numbers and not the descriptions.
 */
export const RECOVERY_LIMITS = { expiredToken: 1, missingClientId: 1, rateLimit: 1, duplicateRenderId: 1, lostSession: 1 } as const;

/**
 * Every recovery, by name: the map docs/errors.md shows. Only tests and docs read it, so it is tree-shaken
 * out of every bundle (keep it plain string literals: esbuild keeps a template literal's
 * object alive). A test checks its numbers against the constants. `maxRetries`, `renewToken` and `retryRateLimit` are client options;
 * `renewSession` is Studio's.
 */
export const RECOVERY = {
  transient: {
    on: 'a network error, or HTTP 408, 500, 502, 503 or 504',
    calls: 'calls safe to repeat: every GET, and the render cancel',
    where: 'the transport (core/transport.ts), with exponential backoff and jitter, or after a readable Retry-After of at most 60 s (a longer one is the error at once, with `retryAfter`); a body cut while it is read counts as a network error',
    times: '`maxRetries` (default 2), at most 8 s apart, or as long as a readable Retry-After asks (at most 60 s)',
    off: '`maxRetries: 0`',
  },
  expiredToken: {
    on: 'code 1001 (or HTTP 401) on a token that its strategy can renew (the anonymous one, or yours with `renew`)',
    calls: 'every call',
    where: 'the transport: a new anonymous token for the same client id, then the call again',
    times: 'once',
    off: '`renewToken: false` (a token you gave as `token` or `NEMO_TOKEN` is never renewed)',
  },
  missingClientId: {
    on: 'HTTP 400 saying the X-Client-Id is missing or refused, on the anonymous-token request',
    calls: 'the anonymous-token request (`auth.anonymousToken`, made by anonymous auth)',
    where: 'anonymous auth (core/auth/anonymous-auth.ts): a new client id (then stored), then the request again',
    times: 'once',
    off: 'a fixed `clientId` option, which is never replaced: the MissingClientIdError reaches you',
  },
  rateLimit: {
    on: 'HTTP 429 (or code 429 in an HTTP 200)',
    calls: 'every call, the chat included: a chat refused with 429 never ran, so sending it again is safe',
    where: 'the transport: waits Retry-After (30 s, as the service documents, when it names none or none readable), then the call again',
    times: 'once, and only for a wait of at most 60 s (a longer one is a RateLimitError at once)',
    off: '`retryRateLimit: false`',
  },
  duplicateRenderId: {
    on: 'the renderer refusing the job id as taken (HTTP 409, or "duplicate" / "already exists")',
    calls: '`renders.create` (and so `nv.export` and Studio\'s export)',
    where: 'renders.create (resources/renders.ts): the same job under a new id; nothing was rendered under the old one',
    times: 'once',
    off: '`maxRetries: 0`',
  },
  lostSession: {
    on: 'code 1002 (session not found) before a message ran',
    calls: 'Studio\'s steps (`say`, `batch`)',
    where: 'Studio (studio/studio.ts): a new session, then the step again there (uploads included)',
    times: 'once per step',
    off: '`new Studio(nv, { renewSession: false })`: the 1002 becomes a `session_lost` remedy',
  },
} as const satisfies Record<string, Recovery>;

/**
 * The client options that switch recovery, as the transport holds them.
 *
 * @example
 * ```ts
 * const policy: RecoveryOptions = { maxRetries: 2, renewToken: true, retryRateLimit: true };
 * ```
 */
export interface RecoveryOptions {
  /** Retries of a transient failure (RECOVERY.transient); 0 also turns off RECOVERY.duplicateRenderId. */
  maxRetries: number;
  /** RECOVERY.expiredToken. */
  renewToken: boolean;
  /** RECOVERY.rateLimit. */
  retryRateLimit: boolean;
}

/**
 * How long to wait out a 429 before its one retry, in ms; undefined when it must be surfaced instead.
 *
 * @example
 * ```ts
 * rateLimitWait(12); // 12000
 * rateLimitWait(600); // undefined: past MAX_RETRY_AFTER_S
 * ```
 */
export const rateLimitWait = (retryAfterSeconds: number): number | undefined =>
  retryAfterSeconds <= MAX_RETRY_AFTER_S ? retryAfterSeconds * 1000 : undefined;

const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Seconds to wait from a Retry-After header: whole seconds, or an HTTP date; undefined when it is missing or
 * reads as neither (which then counts as no Retry-After at all).
 *
 * @example
 * ```ts
 * parseRetryAfter('12'); // 12
 * parseRetryAfter('soon'); // undefined
 * ```
 */
export function parseRetryAfter(value: string | null): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  // HTTP's two forms only: delay-seconds, or an IMF-fixdate such as `Wed, 21 Oct 2026 07:28:00 GMT`.
  const seconds = /^\d+$/.test(text) ? Number(text) : IMF_FIXDATE.test(text) ? (Date.parse(text) - Date.now()) / 1000 : NaN;
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
}
