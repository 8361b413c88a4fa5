import { DEFAULT_BASE_URL, isHttpUrl, NemoVideo, type Logger } from 'nemo-video';
import { fileTokenStore } from 'nemo-video/node';
import { credentialsPathFor } from './credentials-path.js';
import { UsageError } from './errors.js';
import { Output } from './output.js';
import { createProgress, type Progress } from './progress.js';
import type { ErrorContext } from './report-error.js';

/** The process's streams and environment, so tests and the entry point can hand in their own. */
export interface CliIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** What every command gets. */
export interface CommandContext {
  /** Where results, notes and errors go. */
  readonly out: Output;
  /** The progress display (silent with --quiet). */
  readonly progress: Progress;
  /** Aborted by Ctrl-C or SIGTERM: pass it to every call, and clean up when it fires. */
  readonly signal: AbortSignal;
  /** The API in use. */
  readonly baseURL: string;
  /** stdout and stderr are a terminal (and not CI, not TERM=dumb): animate, prompt, stream text live. */
  readonly interactive: boolean;
  readonly io: CliIO;
  /** Timeline updates are drawn as a picture under their message, on a terminal (chat --picture). */
  readonly pictures?: boolean;
  /** The client, made on first use, with its credentials in the file for `baseURL`. */
  client(): NemoVideo;
  /** Keeps the ids a person needs should the run fail (the error report and `--json` carry them). */
  remember(facts: ErrorContext): void;
  /** What `remember` was told. */
  readonly facts: Readonly<ErrorContext>;
}

/** `--base-url`, else `NEMO_BASE_URL`, else production; a UsageError when it is not an http(s) URL. */
export function resolveBaseURL(option: string | undefined, env: CliIO['env']): string {
  const raw = (option ?? env.NEMO_BASE_URL?.trim()) || DEFAULT_BASE_URL;
  const from = option === undefined ? 'NEMO_BASE_URL' : '--base-url';
  if (!isHttpUrl(raw)) {
    throw new UsageError(`${from} must be an http(s) URL such as http://127.0.0.1:4010, got "${raw}".`);
  }
  return raw.replace(/\/+$/, '');
}

/** The longest still-working interval: a day (setTimeout fires at once for anything above 2^31 - 1 ms). */
const MAX_STILL_WORKING_MS = 86_400_000;

/**
 * `NEMO_STILL_WORKING_MS`: how long the agent may be silent before "⏳ Still working…" (and again after
 * each such stretch); undefined when unset, for Studio's 2 minutes. A UsageError when it is not a number
 * of milliseconds from 1 to a day.
 */
export function resolveStillWorkingAfter(env: CliIO['env']): number | undefined {
  const raw = env.NEMO_STILL_WORKING_MS?.trim();
  if (!raw) return undefined;
  const ms = Number(raw);
  if (!(ms >= 1 && ms <= MAX_STILL_WORKING_MS)) {
    throw new UsageError(`NEMO_STILL_WORKING_MS must be a number of milliseconds from 1 to ${MAX_STILL_WORKING_MS} (2 minutes is 120000), got "${raw}".`);
  }
  return ms;
}

/** The run's Output on `io`: colours when stderr is a terminal that takes them (not NO_COLOR, not TERM=dumb). */
export function createOutput(io: CliIO, { json, quiet }: { json: boolean; quiet: boolean }): Output {
  const color = !!io.stderr.isTTY && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  return new Output(io.stdout, io.stderr, { json, quiet, color });
}

/** Makes the context of one run. */
export function createContext({ io, baseURL, json, quiet, signal }: { io: CliIO; baseURL: string; json: boolean; quiet: boolean; signal: AbortSignal }): CommandContext {
  const terminal = !!io.stdout.isTTY && !!io.stderr.isTTY && io.env.TERM !== 'dumb' && !io.env.CI;
  const out = createOutput(io, { json, quiet });
  const progress = createProgress(out, io.stderr, { quiet, interactive: terminal });
  const facts: ErrorContext = {};
  const debug = !!io.env.NEMO_DEBUG;
  // The SDK's notes: a rate-limit wait is worth saying; request lines only with NEMO_DEBUG. Never a token.
  const logger: Logger = {
    warn: (message) => out.note(`note: ${message}`),
    debug: debug ? (message) => out.warn(`debug: ${message}`) : undefined,
  };
  let client: NemoVideo | undefined;
  return {
    out,
    progress,
    signal,
    baseURL,
    interactive: terminal,
    io,
    client: () => (client ??= new NemoVideo({ baseURL, tokenStore: fileTokenStore(credentialsPathFor(baseURL)), logger, logLevel: debug ? 'debug' : 'warn' })),
    remember: (more) => Object.assign(facts, more),
    facts,
  };
}
