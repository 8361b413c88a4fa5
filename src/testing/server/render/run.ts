import { spawn } from 'node:child_process';
import { RenderError } from './errors.js';

export interface RunOptions {
  /**
   * Kills ffmpeg and rejects.
   * @default undefined (runs until it exits or times out)
   */
  signal?: AbortSignal;
  /** Kill ffmpeg after this many ms. */
  timeoutMs: number;
}

/** How much of ffmpeg's stderr is kept for error messages. */
const STDERR_LIMIT = 16 * 1024;

/**
 * Runs `ffmpeg` with `args` (no shell: the arguments go to the process as they are). Resolves when it exits
 * with 0; otherwise rejects with a {@link RenderError} (`ffmpeg-failed`, `timeout` or `aborted`) carrying
 * the tail of stderr. On abort or timeout the process is killed and the promise settles only once it has
 * exited, so the caller can safely remove its work folder then.
 */
export function runFfmpeg(ffmpeg: string, args: readonly string[], options: RunOptions): Promise<void> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) {
    return Promise.reject(new RenderError('aborted', 'render aborted before ffmpeg started', { cause: signal.reason }));
  }
  return new Promise<void>((resolve, reject) => {
    let stderr = '';
    let ended: 'timeout' | 'aborted' | undefined;
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });

    const kill = (why: 'timeout' | 'aborted') => {
      if (ended || child.exitCode !== null || child.signalCode !== null) return;
      ended = why;
      child.kill('SIGKILL');
    };
    const onAbort = () => kill('aborted');
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    timer.unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 2 * STDERR_LIMIT) stderr = stderr.slice(-STDERR_LIMIT);
    });

    let spawnError: Error | undefined;
    child.on('error', (error) => {
      // ENOENT / EACCES at spawn; 'close' follows.
      spawnError = error;
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const tail = stderr.slice(-STDERR_LIMIT).trim();
      const exit = code ?? sig;
      if (ended === 'aborted') {
        reject(new RenderError('aborted', 'render aborted', { stderr: tail, exit, cause: signal?.reason }));
      } else if (ended === 'timeout') {
        reject(new RenderError('timeout', `ffmpeg did not finish within ${timeoutMs} ms`, { stderr: tail, exit }));
      } else if (spawnError) {
        reject(
          new RenderError('ffmpeg-unavailable', `ffmpeg could not be started: ${spawnError.message}`, {
            cause: spawnError,
          }),
        );
      } else if (code === 0) {
        resolve();
      } else {
        const last = tail.split('\n').slice(-3).join(' | ');
        reject(
          new RenderError('ffmpeg-failed', `ffmpeg exited with ${String(exit)}${last ? `: ${last}` : ''}`, {
            stderr: tail,
            exit,
          }),
        );
      }
    });
  });
}
