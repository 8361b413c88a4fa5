/** A bearer token as the service issues it; used to scrub tokens out of any text we surface. */
const TOKEN_PATTERN = /\b(nmv|clm)_[\w.-]+/g;

/**
 * Removes anything that looks like a NemoVideo token from `text`, so a server echo can never leak one into
 * an error, and an app's own log lines need not either.
 *
 * @example
 * ```ts
 * redact('rejected nmv_abc123'); // 'rejected nmv_[redacted]'
 * ```
 */
export const redact = (text: string): string => text.replace(TOKEN_PATTERN, '$1_[redacted]');

/**
 * The root of every error this SDK throws (an `AbortError` from your own signal passes through untouched).
 *
 * @example
 * ```ts
 * try { await nv.credits.balance(); }
 * catch (err) { if (err instanceof NemoVideoError) console.error(err.message); }
 * ```
 */
export class NemoVideoError extends Error {
  // Spelled out in every class: minifiers rename classes, and `name` must survive that.
  /** The class's name (e.g. `RateLimitError`), reliable even in minified code; `instanceof` works too. */
  override name = 'NemoVideoError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
  }
}

/**
 * An argument was wrong before anything was sent: nothing reached the server.
 *
 * @example
 * ```ts
 * await nv.sessions.create({ language: '' }); // throws InvalidArgumentError
 * ```
 */
export class InvalidArgumentError extends NemoVideoError {
  override name = 'InvalidArgumentError';
}

/**
 * A response (or stream event) did not have the shape the SDK expects.
 * `path` names the field, `expected` what should have been there.
 *
 * @example
 * ```ts
 * if (err instanceof ResponseValidationError) console.error(err.path, err.expected);
 * ```
 */
export class ResponseValidationError extends NemoVideoError {
  override name = 'ResponseValidationError';
  constructor(
    message: string,
    /** Dotted path of the first offending field, e.g. `data.available`. */
    readonly path: string,
    /** What the schema expected there. */
    readonly expected: string,
  ) {
    super(message);
  }
}

/**
 * The chat stream ended abnormally (cut, stalled, too long or unreadable). The agent's run may still be
 * going on the server: check `nv.state.get(sessionId)` rather than sending the message again.
 *
 * @example
 * ```ts
 * if (err instanceof StreamError && err.mayStillRun) await nv.state.get(sessionId);
 * ```
 */
export class StreamError extends NemoVideoError {
  override name = 'StreamError';
  /** Always true: closing a connection never stops the agent on the server. */
  readonly mayStillRun = true;
}

/**
 * A render job ended in `failed`.
 *
 * @example
 * ```ts
 * if (err instanceof RenderFailedError) console.error(err.renderId, err.reason);
 * ```
 */
export class RenderFailedError extends NemoVideoError {
  override name = 'RenderFailedError';
  constructor(
    /** The failed render job's id. */
    readonly renderId: string,
    /** Why it failed, as the renderer said (the status's `error`), if it said. */
    readonly reason: string | undefined,
  ) {
    super(`Render ${renderId} failed${reason ? `: ${reason}` : ''}. Edit the timeline or try the export again.`);
  }
}
