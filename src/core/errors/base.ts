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
 * The key under which every error class of this SDK keeps its own name (a string, spelled out in each class:
 * minifiers rename classes). `Symbol.for` gives every copy of the SDK in a process (an ESM and a CommonJS copy,
 * two versions, another realm) this one key, so each copy can read the class names of the others' errors.
 */
export const CLASS_NAME = Symbol.for('nemo-video.error');

/**
 * The root of every error this SDK throws (an `AbortError` from your own signal passes through untouched).
 *
 * `instanceof` works for each class also across two copies of the SDK in one process (say your app `import`s
 * it and a dependency `require`s it): it compares class names, not class objects.
 *
 * @example
 * ```ts
 * try { await nv.credits.balance(); }
 * catch (err) { if (err instanceof NemoVideoError) console.error(err.message); }
 * ```
 */
export class NemoVideoError extends Error {
  /** @internal This class's own name, which every copy of the SDK reads; each class sets its own. */
  static readonly [CLASS_NAME]: string = 'NemoVideoError';

  /**
   * Makes `err instanceof SomeError` true for an error of that class or a subclass from this copy of the SDK or
   * from another copy (compared by the class names along its prototype chain), and false otherwise.
   *
   * @example
   * ```ts
   * const other = createRequire(import.meta.url)('nemo-video'); // the CommonJS copy, beside this ESM one
   * new other.RateLimitError(5) instanceof RateLimitError; // true
   * new other.RateLimitError(5) instanceof APIError; // true
   * new other.RateLimitError(5) instanceof AuthenticationError; // false
   * ```
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (super[Symbol.hasInstance](value)) return true;
    // Another copy's error: compare this class's name with the names of the classes along its prototype chain.
    // A subclass of yours has no name of its own here, so only its own instances (of this copy) are of it.
    if (!Object.hasOwn(this, CLASS_NAME)) return false;
    for (let proto = value == null ? null : Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
      const maker: unknown = (proto as { constructor?: unknown }).constructor;
      if (typeof maker === 'function' && Object.hasOwn(maker, CLASS_NAME) && (maker as typeof NemoVideoError)[CLASS_NAME] === this[CLASS_NAME]) {
        return true;
      }
    }
    return false;
  }

  /** The class's name (e.g. `RateLimitError`), reliable even in minified code; `instanceof` works too. */
  override name: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
    // The nearest class's own name: a subclass of yours without one takes its parent's.
    this.name = (new.target as typeof NemoVideoError)[CLASS_NAME];
  }
}

/**
 * Whether `value` is an error thrown by this SDK, by this copy of it or by another copy in the same process: an
 * app that `import`s `nemo-video` and a dependency that `require`s it get two copies of every error class. The
 * same as `value instanceof NemoVideoError`, as a type guard.
 *
 * @example
 * ```ts
 * try { await tool.run(); } // a dependency that uses its own copy of nemo-video
 * catch (err) { if (isNemoVideoError(err)) console.error(err.name, err.message); else throw err; }
 * ```
 */
export function isNemoVideoError(value: unknown): value is NemoVideoError {
  return value instanceof NemoVideoError;
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
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'InvalidArgumentError';
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
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'ResponseValidationError';
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
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'StreamError';
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
  /** @internal */
  static override readonly [CLASS_NAME]: string = 'RenderFailedError';
  constructor(
    /** The failed render job's id. */
    readonly renderId: string,
    /** Why it failed, as the renderer said (the status's `error`), if it said. */
    readonly reason: string | undefined,
  ) {
    super(`Render ${renderId} failed${reason ? `: ${reason}` : ''}. Edit the timeline or try the export again.`);
  }
}
