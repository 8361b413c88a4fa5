import { APIError, InsufficientCreditsError, NemoVideoError, RateLimitError, RenderFailedError } from '../../core/errors/index.js';
import { redact } from '../../core/errors/base.js';
import { CliError } from './errors.js';
import type { Output } from './output.js';

/** What the CLI knew when the error came: the ids a person needs to carry on (never a token). */
export interface ErrorContext {
  sessionId?: string | undefined;
  renderId?: string | undefined;
}

/** File system errors (ENOENT, EACCES, ENOSPC…) speak for themselves. */
const isSystemError = (error: unknown) => /^E[A-Z]+$/.test(String((error as { code?: unknown } | null)?.code));

/**
 * An error as one line for stderr. The SDK's and the CLI's messages already say what to do, so they are shown
 * as they are; anything else is a bug, whose stack NEMO_DEBUG=1 shows. Never a stack, never a token.
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const known = error instanceof NemoVideoError || error instanceof CliError || isSystemError(error);
  let line = known ? message : `unexpected error: ${message} (run with NEMO_DEBUG=1 for details)`;
  if (error instanceof APIError && error.requestId) line += ` (request id ${error.requestId})`;
  return redact(line.replace(/\s*\n\s*/g, ' ').trim());
}

/** An error as the object `--json` prints on stdout: `{ "error": { name, message, exitCode, … } }`. */
export function errorJson(error: unknown, exitCode: number, context: ErrorContext): { error: Record<string, unknown> } {
  const details: Record<string, unknown> = {
    name: error instanceof Error ? error.name : 'Error',
    message: errorLine(error),
    exitCode,
    ...defined({ sessionId: context.sessionId, renderId: context.renderId }),
  };
  if (error instanceof APIError) Object.assign(details, defined({ status: error.status, code: error.code, requestId: error.requestId }));
  if (error instanceof InsufficientCreditsError) Object.assign(details, defined({ registrationUrl: error.registrationUrl }));
  if (error instanceof RateLimitError) details.retryAfter = error.retryAfter;
  if (error instanceof RenderFailedError) Object.assign(details, defined({ renderId: error.renderId, reason: error.reason }));
  return { error: details };
}

/**
 * Prints an error the one way every command does: `nemo-video: <line>` on stderr and, with --json, its
 * object on stdout (`fields` are added to it, e.g. chat's `type: 'error'`).
 */
export function reportError(out: Output, error: unknown, exitCode: number, context: ErrorContext, fields: Record<string, unknown> = {}): void {
  out.result({ ...fields, ...errorJson(error, exitCode, context) });
  out.error(errorLine(error));
}

const defined = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== ''));
