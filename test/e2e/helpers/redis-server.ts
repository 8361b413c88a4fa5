/**
 * A Redis of the test's own: Debian's `redis-server` on 127.0.0.1, on a free port, with no persistence (no
 * RDB snapshot, no append-only file), stopped by its PID. `.ci/run` installs redis-server when it is missing;
 * without it, `startRedis` fails with a message that says so (the test fails, it is not skipped).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A running redis-server. */
export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Stops it (SIGTERM to its PID) and removes its folder; resolves once it has exited. */
  stop(): Promise<void>;
}

/** The redis-server on PATH (or Debian's), or undefined. */
export function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const file = join(dir, 'redis-server');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A port nothing listens on right now (the OS's pick). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts redis-server and resolves once it accepts connections. */
export async function startRedis(): Promise<RunningRedis> {
  const bin = findRedisServer();
  if (!bin) {
    throw new Error('redis-server is not installed, and the BullMQ example needs one: `apt-get install -y redis-server` (Debian; .ci/run installs it when it is missing).');
  }
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'nemo-redis-'));
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server ended (code ${code}) before it was ready:\n${output}`)));
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) resolve();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
