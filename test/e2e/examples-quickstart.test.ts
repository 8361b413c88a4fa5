/**
 * examples/node-quickstart.ts, the production-minded flow of the README (a kept token, Ctrl-C cancels the
 * render, out-of-credits explained), run as a person runs it: bundled from its TypeScript as a user's build
 * would, then `node` in a child process with its own home, pointed at this file's emulator server.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/testing/server/index.js';
import { credentialsIn, makeHome, startNode } from './helpers/cli.js';
import { callsTo, PATHS, useEmulatorServer } from './helpers/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
// Inside the repo, so the bundle's bare imports (ky, eventsource-parser, zod) resolve from its node_modules.
const OUT_DIR = join(ROOT, '.tmp/examples-quickstart');
const QUICKSTART = join(OUT_DIR, 'node-quickstart.mjs');
const SCRIPT = 'generate an 8-second video from this script: Rain on a tin roof. A cat sleeps by the stove.';

const server = useEmulatorServer({ render: 'tiny', renderMs: 500, credits: 1_000 });
const run = (home: string, args: string[]) => startNode(QUICKSTART, args, { home, env: { NEMO_BASE_URL: server.url, NEMO_POLL_INTERVAL_MS: '100' } });

beforeAll(async () => {
  await mkdir(OUT_DIR, { recursive: true });
  await build({ entryPoints: [join(ROOT, 'examples/node-quickstart.ts')], outfile: QUICKSTART, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
});
afterAll(async () => {
  await rm(OUT_DIR, { recursive: true, force: true });
});

describe('examples/node-quickstart.ts', () => {
  it('script → chat → export → download; a second run reuses the stored token instead of asking for a new one', async () => {
    const home = await makeHome('nemo-quickstart-');
    const first = await run(home, [SCRIPT, 'first.mp4']).done;

    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^session \S+$/m);
    expect(first.stdout).toMatch(/^timeline: [1-9]\d* tracks, 8 s$/m);
    expect(first.stdout).toMatch(/^render completed 100%$/m);
    expect(first.stdout).toMatch(/^saved first\.mp4 \(\d+\.\d MB\)$/m);
    const mp4 = await readFile(join(home, 'first.mp4'));
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const [stored] = await credentialsIn(home);
    expect(stored?.token).toBeTruthy();

    const since = server.emulator.requests.length;
    const second = await run(home, [SCRIPT, 'second.mp4']).done;
    expect(second.code, second.stderr).toBe(0);
    expect(callsTo(server.emulator, PATHS.anonymousToken, { since })).toEqual([]);
    expect(callsTo(server.emulator, PATHS.createSession, { since })).toHaveLength(1);
    // The token is the user's secret: it is kept in the credentials file, never printed.
    for (const output of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(output).not.toContain(stored!.token);
  });

  it('out of credits: says where to register (with the anonymous user bound) and exits 1 without rendering', async () => {
    const home = await makeHome('nemo-quickstart-');
    server.emulator.faults.inject({ kind: 'no-credits', path: PATHS.chat });
    const since = server.emulator.requests.length;
    const result = await run(home, [SCRIPT, 'never.mp4']).done;

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Out of credits\. Register to get more: https:\/\/\S+\?bind=\S+$/m);
    expect(callsTo(server.emulator, PATHS.renders, { since })).toEqual([]);
    expect(existsSync(join(home, 'never.mp4'))).toBe(false);
  });

  it('Ctrl-C mid-render cancels the render job and leaves no file', async () => {
    const slow = await startEmulator({ render: 'tiny', renderMs: 120_000 });
    try {
      const home = await makeHome('nemo-quickstart-');
      const child = startNode(QUICKSTART, [SCRIPT, 'never.mp4'], { home, env: { NEMO_BASE_URL: slow.url, NEMO_POLL_INTERVAL_MS: '50' } });
      // A progress line comes only after the render was submitted, so there is a job to cancel.
      await child.waitForStdout(/^render \w+ \d+%$/);
      child.child.kill('SIGINT');
      const result = await child.done;

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^aborted$/m);
      const cancels = slow.emulator.requests.filter((r) => r.method === 'POST' && /^\/api\/render\/proxy\/lambda\/[^/]+\/cancel$/.test(r.path));
      expect(cancels.map((r) => r.status)).toEqual([200]);
      await expect(stat(join(home, 'never.mp4'))).rejects.toThrow();
    } finally {
      await slow.close();
    }
  });
});
