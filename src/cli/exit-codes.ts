import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  ExportBlockedError,
  FileTooLargeError,
  InsufficientCreditsError,
  InvalidArgumentError,
  MissingClientIdError,
  RateLimitError,
  RenderFailedError,
  SessionNotFoundError,
  StreamError,
  UnsupportedFileTypeError,
} from 'nemo-video';
import type { RemedyUpdate } from 'nemo-video/studio';
import { EmptySessionError, GenerationError, InputFileError, InterruptedError, RemedyError, UsageError } from './errors.js';

/** The CLI's exit codes: one per class of failure, so scripts can tell them apart. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  credits: 4,
  badFile: 5,
  exportBlocked: 6,
  rateLimited: 7,
  network: 8,
  failed: 9,
  session: 10,
  incomplete: 11,
  interrupted: 130,
} as const;

/** Each exit code and what it means, as `--help` and docs/cli.md list them. */
export const EXIT_CODE_MEANINGS: ReadonlyArray<readonly [code: number, meaning: string]> = [
  [EXIT.ok, 'done'],
  [EXIT.unexpected, 'unexpected error (a bug, or an answer the CLI does not understand)'],
  [EXIT.usage, 'usage: unknown command or option, missing or bad argument'],
  [EXIT.auth, 'authentication: the token was refused (set a fresh NEMO_TOKEN, or delete the credentials file)'],
  [EXIT.credits, 'out of credits (the message has the registration link)'],
  [EXIT.badFile, 'bad input file: missing, empty, over 200 MB or of a type the service does not accept; a batch manifest with bad lines'],
  [EXIT.exportBlocked, 'export blocked by the account plan (HTTP 402: the plan, not credits)'],
  [EXIT.rateLimited, 'rate limited (HTTP 429), still after one wait and retry'],
  [EXIT.network, 'network: the service could not be reached, timed out or kept failing (5xx)'],
  [EXIT.failed, 'the chat stream or the render failed, or generation produced no timeline'],
  [EXIT.session, 'the session does not exist, or has nothing to export yet'],
  [EXIT.incomplete, 'batch: not every job is done (failed, needs attention, or not started): the summary says why; run it again to resume'],
  [EXIT.interrupted, 'interrupted (Ctrl-C); a render in progress was cancelled (143 for SIGTERM)'],
];

/** The exit codes as the text block `--help` ends with. */
export const EXIT_CODES_HELP = `Exit codes:\n${EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`).join('\n')}`;

/**
 * Exit codes for the remedies Studio words itself, which carry no error: the agent's own failure, a turn that
 * changed nothing. Every other remedy comes from an SDK error (`remedy.error`), whose exit code it takes.
 */
const REMEDY_EXIT: Partial<Record<RemedyUpdate['kind'], number>> = {
  no_change: EXIT.failed,
  agent_error: EXIT.failed,
};

/** The exit code for an error that ended a command (a remedy's: its error's, else its kind's). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof RemedyError) {
    const { remedy } = error;
    return remedy.error !== undefined ? exitCodeFor(remedy.error) : (REMEDY_EXIT[remedy.kind] ?? EXIT.unexpected);
  }
  if (error instanceof InterruptedError) return EXIT.interrupted;
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof InputFileError || error instanceof UnsupportedFileTypeError || error instanceof FileTooLargeError) return EXIT.badFile;
  if (error instanceof AuthenticationError || error instanceof MissingClientIdError) return EXIT.auth;
  if (error instanceof InsufficientCreditsError) return EXIT.credits;
  if (error instanceof ExportBlockedError) return EXIT.exportBlocked;
  if (error instanceof RateLimitError) return EXIT.rateLimited;
  if (error instanceof APIConnectionError) return EXIT.network; // APITimeoutError included
  if (error instanceof SessionNotFoundError || error instanceof EmptySessionError) return EXIT.session;
  if (error instanceof APIError && (error.status ?? 0) >= 500) return EXIT.network;
  if (error instanceof StreamError || error instanceof RenderFailedError || error instanceof GenerationError) return EXIT.failed;
  // The SDK refused an argument before sending anything (a malformed session id, say): the command line's fault.
  if (error instanceof InvalidArgumentError) return EXIT.usage;
  return EXIT.unexpected;
}
