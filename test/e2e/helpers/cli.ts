/**
 * Runs the built CLI (`node dist/cli.js`) as a child process, the way a person or a script does: its own
 * HOME and XDG_CONFIG_HOME in a temp folder (so the credentials file is the test's), no inherited
 * NEMO_* variables, stdout and stderr collected, and a way to wait for a given line before acting on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built CLI; the tests are skipped (with a message) when it is missing. */
export const CLI = resolve('dist/cli.js');
export const cliBuilt = existsSync(CLI);
export const NOT_BUILT = `dist/cli.js is missing: run "npm run build" (npm test builds first)`;

/** How a run ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time, ms. */
  ms: number;
}

/** A running CLI. */
export interface CliProcess {
  child: ChildProcess;
  /** Resolves with the first stderr line matching `pattern`; rejects if the process ends first. */
  waitForStderr(pattern: RegExp): Promise<string>;
  /** The same for stdout. */
  waitForStdout(pattern: RegExp): Promise<string>;
  /** Resolves when the process has ended. */
  done: Promise<CliResult>;
}

/** Everything each test home's runs printed, to check no token ever shows up in any of it. */
export const allOutput: string[] = [];

/** A temp folder standing for a user's home: the CLI's cwd, HOME and XDG_CONFIG_HOME (`<home>/.config`). */
export async function makeHome(prefix = 'nemo-cli-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** The environment of a run: a clean one, with only PATH, the home and `extra`. */
export function cliEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), LANG: 'C.UTF-8', ...extra };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** How a run is started: in `home`, with `env` on top of {@link cliEnv}, `input` written to stdin (then closed). */
export interface RunOptions {
  home: string;
  env?: Record<string, string | undefined>;
  input?: string;
}

/** Starts `nemo-video <args>` in `home`. */
export function startCli(args: string[], options: RunOptions): CliProcess {
  return startNode(CLI, args, options);
}

/** Starts `node <script> <args>` the same way (the examples are run with it). */
export function startNode(script: string, args: string[], { home, env = {}, input = '' }: RunOptions): CliProcess {
  const started = Date.now();
  const child = spawn(process.execPath, [script, ...args], { cwd: home, env: cliEnv(home, env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ stream: 'stdout' | 'stderr'; pattern: RegExp; resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const line = (waiter.stream === 'stdout' ? stdout : stderr).split('\n').find((l) => waiter.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    check();
  });
  child.stdin!.end(input);
  const done = new Promise<CliResult>((resolveDone, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      allOutput.push(stdout, stderr);
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`${script} ended (code ${code}) before printing ${waiter.pattern} on ${waiter.stream}. stderr:\n${stderr}`));
      resolveDone({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  const waitFor = (stream: 'stdout' | 'stderr') => (pattern: RegExp) =>
    new Promise<string>((resolveLine, reject) => {
      waiters.push({ stream, pattern, resolve: resolveLine, reject });
      check();
    });
  return { child, done, waitForStderr: waitFor('stderr'), waitForStdout: waitFor('stdout') };
}

/** Runs `nemo-video <args>` to its end. */
export function runCli(args: string[], options: RunOptions): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Every credentials file under the home's config folder, read. */
export async function credentialsIn(home: string): Promise<Array<{ path: string; clientId: string; token?: string }>> {
  const folder = join(home, '.config', 'nemo-video');
  const names = existsSync(folder) ? (await readdir(folder)).filter((n) => n.endsWith('.json')) : [];
  return Promise.all(names.map(async (name) => ({ path: join(folder, name), ...JSON.parse(await readFile(join(folder, name), 'utf8')) })));
}

/** The lines of a `--json` stdout, each parsed (throws on any line that is not JSON). */
export const jsonLines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
