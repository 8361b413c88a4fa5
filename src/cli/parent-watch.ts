import { readFileSync } from 'node:fs';

/**
 * Run through npm (`npx nemo-video emulator &`, an npm script), the command is the grandchild of what the
 * user holds a pid of: npm starts `sh -c nemo-video …` and passes a `kill <pid>` on to that shell only.
 * - On SIGTERM the shell dies without passing it on, and the command, left an orphan, would keep serving the
 *   port. So a change of parent counts as the signal that never came.
 * - On SIGINT the shell lives: a non-interactive shell waits for its command to end before it acts on an
 *   interrupt, and the command never hears of it. Nothing of the signal stays visible, except that the shell,
 *   asleep in wait() for its one command, woke up (Linux counts that). When that shell runs nothing but this
 *   command, nothing else can wake it, so a wake-up counts as the interrupt.
 */

/** How often the parent is checked: cheap (one getppid, one small /proc read), and soon enough after a `kill`. */
const CHECK_EVERY_MS = 250;

/** How many times `pid` went to sleep of its own accord (Linux); undefined where /proc cannot say. */
function wakeCount(pid: number): number | undefined {
  try {
    const count = /^voluntary_ctxt_switches:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return count === undefined ? undefined : Number(count);
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is a shell running one simple command: `sh -c '<bin>' args…` as npm starts it, without `;`,
 * `&`, `|`, a newline or a substitution that could give it a second child (whose end would wake it too).
 */
function isOneCommandShell(pid: number): boolean {
  try {
    const [shell = '', flag, script = ''] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return /(?:^|\/)(?:sh|dash|bash)$/.test(shell) && flag === '-c' && !/[;&|\n`$()]/.test(script);
  } catch {
    return false;
  }
}

/**
 * A signal that aborts once the process's parent changes, or its parent shell is interrupted, if npm started
 * it (`npm_command` is set); else one that never aborts. The parent is the one at the call: make it early,
 * before a `kill` can come.
 *
 * @example
 * ```ts
 * const stop = AbortSignal.any([ctx.signal, orphanedUnderNpm()]);
 * ```
 */
export function orphanedUnderNpm(): AbortSignal {
  const orphaned = new AbortController();
  if (!process.env.npm_command) return orphaned.signal;
  const parent = process.ppid;
  // Read now: by the time Node has started, the shell that forked it has long been asleep in wait().
  const asleep = process.platform === 'linux' && isOneCommandShell(parent) ? wakeCount(parent) : undefined;
  const timer = setInterval(() => {
    const gone = process.ppid !== parent;
    if (!gone && (asleep === undefined || wakeCount(parent) === asleep)) return;
    clearInterval(timer);
    orphaned.abort(new Error(gone ? 'The process that started this one is gone.' : 'The shell that started this one was interrupted.'));
  }, CHECK_EVERY_MS);
  // The watch alone must not keep the process alive.
  timer.unref();
  return orphaned.signal;
}
