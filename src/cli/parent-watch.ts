/**
 * Run through npm (`npx nemo-video emulator &`, an npm script), the command is the grandchild of what the
 * user holds a pid of: npm starts `sh -c nemo-video …`, and on `kill <pid>` npm passes the signal to that
 * shell, which dies without passing it on. The command, left an orphan, would keep serving the port. So
 * when npm started it, a change of parent (its own died) counts as the signal that never came.
 */

/** How often the parent is checked: cheap (one getppid), and soon enough after a `kill`. */
const CHECK_EVERY_MS = 250;

/**
 * A signal that aborts once the process's parent changes, if npm started it (`npm_command` is set); else one
 * that never aborts. The parent is the one at the call: make it early, before a `kill` can come.
 */
export function orphanedUnderNpm(): AbortSignal {
  const orphaned = new AbortController();
  if (!process.env.npm_command) return orphaned.signal;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    orphaned.abort(new Error('The process that started this one is gone.'));
  }, CHECK_EVERY_MS);
  // The watch alone must not keep the process alive.
  timer.unref();
  return orphaned.signal;
}
