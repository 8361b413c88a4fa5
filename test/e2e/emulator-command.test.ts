// `npx nemo-video emulator` serves the emulated API until it is interrupted.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
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
