import type { RemedyUpdate } from 'nemo-video/studio';

/**
 * The CLI's own errors: each stands for one exit code (see exit-codes.ts). Errors from the SDK are used as
 * they are; these cover what only a command line has (its arguments, local files, Ctrl-C), and Studio's
 * remedies when they end a command.
 */

/** The root of the CLI's own errors: their messages are meant for the person at the terminal. */
export class CliError extends Error {
  override name = 'CliError';
}

/** A command line that cannot be run as written (exit 2). */
export class UsageError extends CliError {
  override name = 'UsageError';
}

/** A local input file that cannot be sent: missing, not a file, empty or too large (exit 5). */
export class InputFileError extends CliError {
  override name = 'InputFileError';
}

/** Ctrl-C (SIGINT) or SIGTERM: the work was stopped on request (exit 130). */
export class InterruptedError extends CliError {
  override name = 'InterruptedError';
  constructor(message = 'Interrupted.') {
    super(message);
  }
}

/** The session has nothing on its timeline to export (exit 10, like a session that does not exist). */
export class EmptySessionError extends CliError {
  override name = 'EmptySessionError';
}

/** The agent's turn ended without producing a timeline to render (exit 9, like a failed stream). */
export class GenerationError extends CliError {
  override name = 'GenerationError';
}

/**
 * The server's own words that close an SDK error's message (`… (server: …)`), already scrubbed of tokens: of
 * a live error, or of the plain copy a job's record keeps.
 */
const serverWords = (error: unknown) => {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? /\(server: .*\)$/s.exec(message)?.[0] : undefined;
};

/**
 * A remedy as one line: what happened and what to do, then its links (`Register: https://…`). Out of
 * credits, the server's words go along: an emulator says there how to get more of its own credits, which
 * the registration link cannot give.
 */
export function remedyLine(remedy: Pick<RemedyUpdate, 'kind' | 'message' | 'links' | 'error'>): string {
  const links = remedy.links.map((link) => `${link.label}: ${link.url}`).join(' ');
  const said = remedy.kind === 'no_credits' ? serverWords(remedy.error) : undefined;
  return [remedy.message, said, links].filter(Boolean).join(' ');
}

/**
 * A step of Studio that ended in a remedy: its message is the remedy's line, and its exit code and --json
 * details are those of the SDK error behind it (`remedy.error`), else of its kind (see exit-codes.ts).
 */
export class RemedyError extends CliError {
  override name = 'RemedyError';
  readonly remedy: RemedyUpdate;
  constructor(remedy: RemedyUpdate) {
    super(remedyLine(remedy), { cause: remedy.error });
    this.remedy = remedy;
  }
}

/** One bad line of a batch manifest. */
export interface ManifestProblem {
  /** The line's number, from 1. */
  line: number;
  /** What is wrong with it and what to write instead. */
  message: string;
}

/** A batch manifest with bad lines (exit 5, like any bad input file): every problem, with its line. Nothing was sent. */
export class ManifestError extends InputFileError {
  override name = 'ManifestError';
  readonly problems: readonly ManifestProblem[];
  constructor(message: string, problems: readonly ManifestProblem[]) {
    super(message);
    this.problems = problems;
  }
}
