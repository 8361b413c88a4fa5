import { NemoVideoError, redact } from './errors/base.js';

/**
 * The tokens a client has sent, and what takes them out of everything it surfaces, whatever their shape:
 * every text field of its errors (message, stack, requestId, …) and their causes, its log lines and its chat
 * events (their raw text, before it is parsed). `redact` also takes out anything shaped like a NemoVideo
 * token in errors.
 */
export class Secrets {
  readonly #values = new Set<string>();

  /** Remembers `token`, and its URL-encoded and JSON-escaped forms, as secrets. */
  add(token: string): void {
    if (token) this.#values.add(token).add(encodeURIComponent(token)).add(JSON.stringify(token).slice(1, -1));
  }

  /** `text` without any secret. */
  text(text: string): string {
    // Nearly every text (each chat event passes here) holds no secret: one search each, and no copy.
    if (!this.#holds(text)) return text;
    for (const secret of this.#values) {
      text = text.replaceAll(secret, '[redacted]'.includes(secret) ? '***' : '[redacted]');
    }
    // A replacement next to the text around it can spell a secret again: then nothing of the text is kept.
    return this.#holds(text) ? '' : text;
  }

  #holds(text: string): boolean {
    for (const secret of this.#values) if (text.includes(secret)) return true;
    return false;
  }

  /**
   * Our own error, scrubbed in place: every text field without a secret or a token's shape, and its cause
   * chain rebuilt from the causes' names, messages, codes and stacks (scrubbed), so no object that holds the
   * Bearer header (a Request, Headers) stays reachable. Anything else, a caller's abort reason, is left as is.
   */
  error<E>(error: E, depth = 0): E {
    if (!(error instanceof NemoVideoError)) return error;
    const fields = error as unknown as Record<string, unknown>;
    for (const key of ['message', 'stack', ...Object.keys(error)]) {
      if (typeof fields[key] === 'string') fields[key] = this.#clean(fields[key]);
    }
    this.#setCause(error, error.cause, depth);
    return error;
  }

  #clean(text: string): string {
    return redact(this.text(text));
  }

  #setCause(error: Error, cause: unknown, depth: number): void {
    if (cause === undefined) return;
    Object.defineProperty(error, 'cause', { value: depth < 8 ? this.#copy(cause, depth + 1) : undefined, configurable: true, writable: true });
  }

  /** A cause as a plain Error with its name, message, code and stack, scrubbed; one of our own errors, scrubbed. */
  #copy(cause: unknown, depth: number): Error {
    if (cause instanceof NemoVideoError) return this.error(cause, depth);
    const source = cause instanceof Error ? (cause as Error & { code?: unknown }) : undefined;
    const copy = new Error(this.#clean(source ? source.message : typeof cause === 'object' ? Object.prototype.toString.call(cause) : String(cause)));
    copy.name = this.#clean(source?.name ?? typeof cause);
    if (source?.stack) copy.stack = this.#clean(source.stack);
    const code = source?.code;
    if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code: typeof code === 'string' ? this.#clean(code) : code });
    this.#setCause(copy, source?.cause, depth);
    return copy;
  }
}
