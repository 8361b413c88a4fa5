import { APIError, InsufficientCreditsError, NemoVideoError, RateLimitError, redact, RenderFailedError } from 'nemo-video';
import { inCliWords } from './cli-words.js';
import { CliError, ManifestError, RemedyError } from './errors.js';
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
  const message = inCliWords(error, error instanceof Error ? error.message : String(error));
  const known = error instanceof NemoVideoError || error instanceof CliError || isSystemError(error);
  let line = known ? message : `unexpected error: ${message} (run with NEMO_DEBUG=1 for details)`;
  // A remedy's words come from Studio; the request id is its error's (unless the words already carry it).
  const cause = error instanceof RemedyError ? error.remedy.error : error;
  if (cause instanceof APIError && cause.requestId && !line.includes(cause.requestId)) line += ` (request id ${cause.requestId})`;
  return redact(line.replace(/\s*\n\s*/g, ' ').trim());
}

/**
 * An error as the object `--json` prints on stdout: `{ "error": { name, message, exitCode, … } }`. For a
 * remedy, the name and details are those of the SDK error behind it, with its `kind` and `links`.
 */
export function errorJson(error: unknown, exitCode: number, context: ErrorContext): { error: Record<string, unknown> } {
  const remedy = error instanceof RemedyError ? error.remedy : undefined;
  const cause = remedy?.error ?? error;
  const details: Record<string, unknown> = {
    name: cause instanceof Error ? cause.name : 'Error',
    message: errorLine(error),
    exitCode,
    ...defined({ sessionId: context.sessionId, renderId: context.renderId, kind: remedy?.kind }),
    ...(remedy?.links.length && { links: remedy.links }),
  };
  if (cause instanceof APIError) Object.assign(details, defined({ status: cause.status, code: cause.code, requestId: cause.requestId }));
  if (cause instanceof InsufficientCreditsError) Object.assign(details, defined({ registrationUrl: cause.registrationUrl }));
  if (cause instanceof RateLimitError) details.retryAfter = cause.retryAfter;
  if (cause instanceof RenderFailedError) Object.assign(details, defined({ renderId: cause.renderId, reason: cause.reason }));
  if (cause instanceof ManifestError && cause.problems.length) details.problems = cause.problems;
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
