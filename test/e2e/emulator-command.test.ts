// `npx nemo-video emulator` serves the emulated API until it is interrupted.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { NemoVideo } from '../../src/index.js';
import { makeHome, runCli } from './helpers/cli.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli.js');

/** Resolves with the first stdout line matching `pattern` (the child's own output is the sync point). */
function lineMatching(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((done, fail) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) done(match);
    });
    child.once('close', (code) => fail(new Error(`exited with ${code} before printing ${pattern}: ${seen}`)));
  });
}

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => void child?.kill('SIGKILL'));

describe.skipIf(!existsSync(cli))(`nemo-video emulator${existsSync(cli) ? '' : ' — skipped: run `npm run build` first'}`, () => {
  test('serves the API on 127.0.0.1, answers CORS preflights, and exits 0 on Ctrl-C', async () => {
    child = spawn(process.execPath, [cli, 'emulator', '--port', '0', '--render', 'tiny']);
    const [, url] = await lineMatching(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);

    const token = await fetch(`${url}/api/auth/anonymous-token`, { method: 'POST', headers: { 'X-Client-Id': 'cli-test' } });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { data: { token: string } }).data.token).toMatch(/^nmv_usr_/);

    const preflight = await fetch(`${url}/api/credits/balance/simple`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Headers': 'authorization,x-skill-source' },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');

    // A page may read Content-Range from the emulator's file server (ranged MP4 reads).
    expect(token.headers.get('access-control-expose-headers')).toMatch(/Content-Range/);

    const exited = new Promise<number | null>((done) => child!.once('close', done));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  test("without --credits, a new anonymous user has enough for the README's tour: a generation, edits, exports", async () => {
    child = spawn(process.execPath, [cli, 'emulator', '--port', '0', '--render', 'tiny']);
    const [, url] = await lineMatching(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const nv = new NemoVideo({ baseURL: url });
    expect(await nv.credits.balance()).toMatchObject({ available: 1000 });
    const session = await nv.sessions.create();
    await nv.chat.stream(session.id, 'generate a 30-second video from this script: city lights at night, calm narration').finalText();
    await nv.export(session.id, { interval: 50 });
    for (const edit of ['add lo-fi BGM', 'add jazz music', 'add lo-fi BGM', 'add jazz music', 'add lo-fi BGM']) await nv.chat.stream(session.id, edit).finalText();
    await nv.export(session.id, { interval: 50 }); // exports are free: the rendering clock, not credits, limits them
    expect(await nv.credits.balance()).toMatchObject({ available: 1000 - 100 - 5 * 50 });
  });

  test('out of its credits, the CLI says how to get more on the emulator, beside the registration link', async () => {
    child = spawn(process.execPath, [cli, 'emulator', '--port', '0', '--render', 'tiny', '--credits', '50']);
    const [, url] = await lineMatching(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const run = await runCli(['generate', 'A lighthouse at dawn. Waves roll in.', '--seconds', '8', '--out', 'x.mp4', '--base-url', url!], { home: await makeHome() });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/You are out of credits\. .*This is the NemoVideo emulator: restart it for fresh credits, or start it with more: `npx nemo-video emulator --credits 5000`.* Register: https:\/\/nemovideo\.com\/register\?bind=anon_\w+/);
  });

  test('a bad option is a usage error: exit 2, with the reason', async () => {
    child = spawn(process.execPath, [cli, 'emulator', '--port', 'abc']);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child!.once('close', done));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port must be a port number/);
  });
});

/**
 * Whether any process of the group `pgid` still runs. A zombie does not count: it has exited, and waits only
 * for its new parent (init, in a container not always quick) to reap it. Linux reads /proc; elsewhere any
 * process of the group, zombies included, counts.
 */
function groupAlive(pgid: number): boolean {
  if (process.platform === 'linux') {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .some((pid) => {
        try {
          // /proc/<pid>/stat: pid (comm) state ppid pgrp …; comm may hold spaces, so read after its last ')'.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return Number(pgrp) === pgid && state !== 'Z';
        } catch {
          return false; // gone while we looked
        }
      });
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether something accepts connections at `url` (a refused connection is the answer wanted). */
const listening = (url: string) => fetch(url).then(
  () => true,
  () => false,
);

/**
 * The emulator started the way a person does, `<command> &`, then `kill <pid>` of what was started. Each is
 * started in a process group of its own, so what it started can be found, and nothing of it survives the test.
 */
describe.skipIf(!existsSync(cli))('`kill <pid>` of a backgrounded emulator stops it, with nothing left on the port', () => {
  let group: number | undefined;
  let project: string | undefined;
  afterEach(async () => {
    if (group !== undefined && groupAlive(group)) process.kill(-group, 'SIGKILL');
    group = undefined;
    if (project) await rm(project, { recursive: true, force: true });
    project = undefined;
  });

  /** Starts `command args… emulator --port 0` detached; resolves once it listens. */
  async function background(command: string, args: string[], cwd = root) {
    const started = spawn(command, [...args, 'emulator', '--port', '0', '--render', 'tiny'], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    group = started.pid!;
    const [, url] = await lineMatching(started as unknown as ChildProcessWithoutNullStreams, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    // 'close' comes once every holder of the pipes has exited: the command and whatever it started. A
    // survivor holds them open: the bound turns that into a failure that says so, not the test's timeout.
    const closed = new Promise<number | null>((done, fail) => {
      started.once('close', (code) => {
        clearTimeout(bound);
        done(code);
      });
      const bound = setTimeout(() => fail(new Error(`${command} ${args.join(' ')} emulator: a process still holds its output 20 s after the kill`)), 20_000);
      bound.unref();
    });
    closed.catch(() => {}); // read after the kill
    return { started, url: url!, closed };
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`the built CLI, ${signal}: exits 0, the port refuses connections, no process left`, async () => {
      const { started, url, closed } = await background(process.execPath, [cli]);
      expect(await listening(url)).toBe(true);
      started.kill(signal);
      expect(await closed).toBe(0);
      expect(await listening(url)).toBe(false);
      expect(groupAlive(group!)).toBe(false);
    });
  }

  // npm passes the signal to its shell only. On TERM the shell dies without passing it on; on INT it lives,
  // waiting for the emulator to end first. Either way the emulator must see it (parent-watch.ts).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`through npx, ${signal} to npx: the emulator it started (through npm and a shell) stops too`, async () => {
      // A project with the package installed, as a user has it: npx finds the bin in node_modules/.bin.
      project = await mkdtemp(join(tmpdir(), 'nemo-npx-'));
      await mkdir(join(project, 'node_modules/.bin'), { recursive: true });
      await writeFile(join(project, 'package.json'), '{"name":"app","private":true}');
      await symlink(root, join(project, 'node_modules/nemo-video'));
      await symlink('../nemo-video/dist/cli.js', join(project, 'node_modules/.bin/nemo-video'));
      const { started, url, closed } = await background('npx', ['--offline', 'nemo-video'], project);
      started.kill(signal);
      await closed;
      expect(await listening(url)).toBe(false);
      expect(groupAlive(group!)).toBe(false);
    });
  }
});
