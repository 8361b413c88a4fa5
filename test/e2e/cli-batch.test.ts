/**
 * `nemo-video batch`: the built CLI in a child process against the emulator over HTTP, with a log of what
 * reached it per session. A bad manifest sends nothing; a run makes every video, one session, each message
 * and one render per job; Ctrl-C mid-run keeps the state (a live render's id included) and a rerun finishes
 * each job without doing anything twice and without touching the finished ones.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NemoVideo } from '../../src/index.js';
import { fingerprint, JOB_RECORD_VERSION } from '../../src/jobs/job-record.js';
import { createEmulator, type Emulator } from '../../src/testing/index.js';
import { serve, type RunningServer } from '../../src/testing/server/serve.js';
import { sessionLog, type SessionLog } from '../helpers/session-log.js';
import { allOutput, CLI, cliBuilt, cliEnv, jsonLines, makeHome, NOT_BUILT, runCli, startCli } from './helpers/cli.js';
import { solidPng } from './helpers/png.js';

/** Renders take this long: a render is still live when the test interrupts the run at its submission. */
const RENDER_MS = 2_000;
const STACK_LINE = /^\s+at /m;

let emulator: Emulator;
let log: SessionLog;
let server: RunningServer;
beforeAll(async () => {
  emulator = createEmulator({ renderMs: RENDER_MS, credits: 100_000, silentEditRate: 0, workMs: 0, delayMs: 0, keepAliveMs: 0 });
  log = sessionLog(emulator);
  server = await serve(log.handle);
});
afterAll(() => server?.close());

const JOBS = [
  { id: 'city', script: 'Cities never sleep. Lights flicker across the skyline.', aspect: '9:16' },
  { id: 'sea', script: 'The sea at dawn. Boats leave the harbour.', seconds: 8, edits: ['add lo-fi background music'] },
  { id: 'rain', script: 'Rain on a tin roof. A cat sleeps by the stove.', images: ['shots/cover.png'] },
];
/** The messages each job sends, as the emulator's chat takes them. */
const MESSAGES: Record<string, string[]> = {
  city: ['generate a video in 9:16 from this script: Cities never sleep. Lights flicker across the skyline.'],
  sea: ['generate a 8-second video from this script: The sea at dawn. Boats leave the harbour.', 'add lo-fi background music'],
  rain: ['generate a video, using the uploaded image, from this script: Rain on a tin roof. A cat sleeps by the stove.'],
};

/** A home with the manifest (and the image it names). */
async function batchHome(lines: string[] = JOBS.map((job) => JSON.stringify(job))): Promise<string> {
  const home = await makeHome('nemo-batch-');
  await writeFile(join(home, 'jobs.jsonl'), `${lines.join('\n')}\n`);
  await mkdir(join(home, 'shots'));
  await writeFile(join(home, 'shots', 'cover.png'), solidPng(64, 36, [200, 80, 40]));
  return home;
}

const env = { NEMO_RENDER_POLL_MS: '50' };
const batch = (home: string, ...args: string[]) => runCli(['batch', 'jobs.jsonl', '--base-url', server.url, ...args], { home, env });
const record = async (home: string, id: string) => JSON.parse(await readFile(join(home, '.nemo-video', 'jobs', `${id}.json`), 'utf8'));
const isMp4 = async (path: string) => (await readFile(path)).subarray(4, 8).toString('latin1') === 'ftyp';

/** Each job's session (from its record): one session, its messages once each, one render. */
async function expectEachJobOnce(home: string, ids: string[], since: number): Promise<void> {
  const sessions = log.sessions(since);
  expect(sessions).toHaveLength(ids.length);
  for (const id of ids) {
    const saved = await record(home, id);
    expect(saved).toMatchObject({ status: 'done', file: `out/${id}.mp4` });
    expect(sessions).toContain(saved.sessionId);
    expect(log.chats(saved.sessionId, since)).toEqual(MESSAGES[id]);
    expect(log.renders(saved.sessionId, since)).toEqual([saved.render.id]);
    expect(await isMp4(join(home, 'out', `${id}.mp4`))).toBe(true);
  }
}

describe.skipIf(!cliBuilt)(`nemo-video batch${cliBuilt ? '' : ` (skipped: ${NOT_BUILT})`}`, () => {
  it('checks every line first: each problem with its line number, exit 5, nothing sent', async () => {
    const home = await batchHome([
      JSON.stringify(JOBS[0]),
      '{"id": "city", "script": "A second city"}',
      'not json',
      '{"id": "b", "scirpt": "x", "seconds": -2, "images": ["missing.png"]}',
      '',
      '[1, 2]',
      '{"script": "no id", "edits": "add music"}',
    ]);
    const since = log.sent.length;
    const run = await batch(home);
    expect(run.code).toBe(5);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      'jobs.jsonl:2: id "city" is already used on line 1: each job needs its own id',
      expect.stringMatching(/^jobs\.jsonl:3: not valid JSON \(.*\): each line is one job/),
      'jobs.jsonl:4: unknown field "scirpt" (a job has id, script, images, aspect, seconds, edits, out)',
      'jobs.jsonl:4: "script" must be a non-empty string (it is missing)',
      'jobs.jsonl:4: "seconds" must be a number above 0 and at most 600, got -2',
      expect.stringMatching(/^jobs\.jsonl:4: images\[0\] "missing\.png": No file at ".*missing\.png": check the path\.$/),
      'jobs.jsonl:6: a job must be a JSON object such as {"id": "city", "script": "…"}, got [1,2]',
      'jobs.jsonl:7: "id" is missing: give each job an id, e.g. "id": "city-1"',
      'jobs.jsonl:7: "edits" must be a list of non-empty strings, e.g. ["add lo-fi background music"]',
      'nemo-video: jobs.jsonl: 5 bad lines (listed above); nothing was sent. Fix them and run again.',
    ]);
    expect(run.stdout).toBe('');
    expect(log.sent.slice(since)).toEqual([]); // no token, no session: nothing
    expect(existsSync(join(home, '.nemo-video'))).toBe(false);

    const json = await batch(home, '--json');
    expect(json.code).toBe(5);
    const [error] = jsonLines(json.stdout) as [{ error: { name: string; exitCode: number; problems: Array<{ line: number }> } }];
    expect(error.error).toMatchObject({ name: 'ManifestError', exitCode: 5 });
    expect(error.error.problems.map((p) => p.line)).toEqual([2, 3, 4, 4, 4, 4, 6, 7, 7]);
    expect(log.sent.slice(since)).toEqual([]);

    // A byte-order mark and Windows line ends are not problems: only the bad line is.
    await writeFile(join(home, 'bom.jsonl'), `\uFEFF${JSON.stringify(JOBS[0])}\r\n{"id": "sea"}\r\n`);
    const bom = await runCli(['batch', 'bom.jsonl', '--base-url', server.url], { home, env });
    expect(bom.code).toBe(5);
    expect(bom.stderr.trim().split('\n')).toEqual(['bom.jsonl:2: "script" must be a non-empty string (it is missing)', expect.stringMatching(/^nemo-video: bom\.jsonl: 1 bad line /)]);
    expect(log.sent.slice(since)).toEqual([]);
  });

  it('runs every job: plain [id] lines, a summary table, exit 0; a rerun sends nothing', async () => {
    const home = await batchHome();
    const since = log.sent.length;
    const run = await batch(home, '--concurrency', '3');
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^3 jobs, 3 at a time; state in \.nemo-video\/jobs\.$/m);
    for (const id of ['city', 'sea', 'rain']) {
      expect(run.stderr).toMatch(new RegExp(`^\\[${id}\\] Session \\d+\\.$`, 'm'));
      expect(run.stderr).toMatch(new RegExp(`^\\[${id}\\] Rendering \\(render_\\w+\\)…$`, 'm'));
      expect(run.stderr).toMatch(new RegExp(`^\\[${id}\\] Done: out/${id}\\.mp4$`, 'm'));
    }
    expect(run.stderr).toMatch(/^\[rain\] Uploaded image 1\.$/m);
    expect(run.stderr).not.toContain('\x1b[');
    const table = run.stdout.trim().split('\n');
    expect(table[0]).toMatch(/^id +status +session +render +output \/ error$/);
    expect(table.slice(1, 4)).toEqual(
      await Promise.all(
        ['city', 'sea', 'rain'].map(async (id) => {
          const saved = await record(home, id);
          return expect.stringMatching(new RegExp(`^${id} +done +${saved.sessionId} +${saved.render.id} +out/${id}\\.mp4$`));
        }),
      ),
    );
    expect(table[4]).toBe('3 jobs: 3 done.');
    await expectEachJobOnce(home, ['city', 'sea', 'rain'], since);

    const again = log.sent.length;
    const rerun = await batch(home, '--json');
    expect(rerun.code).toBe(0);
    expect(log.sent.slice(again)).toEqual([]); // finished jobs: not even a token request
    expect(rerun.stderr).toMatch(/\(3 finished earlier, 0 to continue\)/);
    expect(rerun.stderr).toMatch(/^\[city\] done: out\/city\.mp4 \(earlier run\)$/m);
    const rows = jsonLines(rerun.stdout);
    expect(rows.map((r) => [r.id, r.status, r.file])).toEqual([['city', 'done', 'out/city.mp4'], ['sea', 'done', 'out/sea.mp4'], ['rain', 'done', 'out/rain.mp4']]);
  });

  it('Ctrl-C mid-run keeps the state and the live render; a rerun finishes, nothing twice, the finished job untouched', async () => {
    const home = await batchHome();
    const since = log.sent.length;
    const cli = startCli(['batch', 'jobs.jsonl', '--concurrency', '1', '--base-url', server.url], { home, env });
    // The second job's render is submitted (and runs for RENDER_MS): interrupt there.
    const submitted = await cli.waitForStderr(/^\[sea\] Rendering \(render_\w+\)…$/);
    const renderId = /render_\w+/.exec(submitted)![0];
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).toMatch(/^Interrupted: stopping each job at its next step; its state is kept/m);
    expect(run.stderr).toContain(`Render ${renderId} of job sea keeps running: the next run waits on it.`);
    expect(run.stderr).toContain('The state is in .nemo-video/jobs: run the same command again to continue (finished jobs are kept).');
    expect(run.stderr).toMatch(/^nemo-video: Interrupted\.$/m);
    expect(run.stdout).toMatch(/^city +done +\d+ +render_\w+ +out\/city\.mp4$/m);
    expect(run.stdout).toMatch(new RegExp(`^sea +interrupted +\\d+ +${renderId} +stopped at render:submitted: run again to continue$`, 'm'));
    expect(run.stdout).toMatch(/^rain +not started +- +- *$/m);
    expect(run.stdout).toMatch(/^3 jobs: 1 done, 1 not started, 1 interrupted\.$/m);
    // The live render is in the state, not cancelled; the job not reached has no record.
    expect(await record(home, 'sea')).toMatchObject({ status: 'running', checkpoint: 'render:submitted', render: { id: renderId, status: 'submitted' } });
    expect(log.sent.slice(since).filter((s) => s.path.endsWith('/cancel'))).toEqual([]);
    expect(existsSync(join(home, '.nemo-video', 'jobs', 'rain.json'))).toBe(false);
    const city = await record(home, 'city');
    const cityFile = await stat(join(home, 'out', 'city.mp4'));

    const again = log.sent.length;
    const rerun = await batch(home);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/\(1 finished earlier, 1 to continue\)/);
    expect(rerun.stderr).toContain(`[sea] Continuing from render:submitted: waiting on render ${renderId}, already submitted.`);
    expect(rerun.stdout).toMatch(/^3 jobs: 3 done\.$/m);
    // Across both runs: one session per job, each message once, one render per job (sea's the first run's).
    await expectEachJobOnce(home, ['city', 'sea', 'rain'], since);
    expect((await record(home, 'sea')).render.id).toBe(renderId);
    // The finished job: no request about it, its record and its file as they were.
    expect(log.about(city.sessionId, again)).toEqual([]);
    expect(log.sent.slice(again).filter((s) => s.path.includes(city.render.id))).toEqual([]);
    expect(await record(home, 'city')).toEqual(city);
    expect((await stat(join(home, 'out', 'city.mp4'))).mtimeMs).toBe(cityFile.mtimeMs);
  });

  it.each([
    ['after a session is made', /^\[city\] Session \d+\.$/],
    // (Killed between "about to send" and the send, a message is confirmed by state and, unchanged, left for a
    // person after the 4.5-minute schedule: e2e/jobs-crash.test.ts has that case with short timings.)
    ['with a message answered', /^\[city\] Message 1 of 1 answered: confirming by the timeline…$/],
    ['with a render running', /^\[city\] Rendering \(render_\w+\)…$/],
  ])('killed with SIGKILL %s: a rerun finishes every job, nothing twice', async (_, at) => {
    const home = await batchHome();
    const since = log.sent.length;
    const cli = startCli(['batch', 'jobs.jsonl', '--concurrency', '1', '--base-url', server.url], { home, env });
    await cli.waitForStderr(at);
    cli.child.kill('SIGKILL');
    expect((await cli.done).signal).toBe('SIGKILL');
    const rerun = await batch(home);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/^3 jobs: 3 done\.$/m);
    await expectEachJobOnce(home, ['city', 'sea', 'rain'], since);
  });

  it('not every job done: out of credits stops new jobs, exit 11 with the remedy; after a top-up a rerun finishes', async () => {
    const home = await batchHome();
    const user = emulator.createUser({ credits: 100, anonymous: false }); // one generation
    const withToken = { home, env: { ...env, NEMO_TOKEN: user.token } };
    const run = await runCli(['batch', 'jobs.jsonl', '-c', '1', '--json', '--base-url', server.url], withToken);
    expect(run.code, run.stderr).toBe(11);
    const rows = jsonLines(run.stdout) as Array<{ id: string; status: string; error?: { code?: number }; remedy?: { message: string } }>;
    expect(rows.map((r) => [r.id, r.status])).toEqual([['city', 'done'], ['sea', 'failed'], ['rain', 'not_started']]);
    expect(rows[1]!.error?.code).toBe(2001);
    expect(rows[2]!.remedy?.message).toMatch(/^Not started: .*credits/i);
    expect(rows[1]!.remedy).not.toHaveProperty('error'); // `error` has it once
    // The table says what to do, with the remedy's link.
    const table = await runCli(['batch', 'jobs.jsonl', '-c', '1', '--base-url', server.url], withToken);
    expect(table.code).toBe(11);
    // With the server's own words (an emulator's way to more credits), as `generate` prints them, in rows read
    // back from the records too.
    expect(table.stdout).toMatch(/^sea +failed +\d+ +- +You are out of credits.* \(server: [^)]*credits[^)]*\) Top up: https?:\/\/\S+$/m);
    expect(table.stdout).toMatch(/^rain +not started +- +- +You are out of credits.* \(server: [^)]*credits[^)]*\) Top up: https?:\/\/\S+$/m);
    expect(table.stdout).toMatch(/^3 jobs: 1 done, 1 failed, 1 not started\.$/m);

    emulator.setCredits(user.userId, 100_000);
    const rerun = await runCli(['batch', 'jobs.jsonl', '-c', '1', '--base-url', server.url], withToken);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/^3 jobs: 3 done\.$/m);
    for (const output of [run.stdout, run.stderr, rerun.stdout, rerun.stderr]) expect(output).not.toContain(user.token);
  });

  it('a job that needs attention is left alone; --recheck looks at its timeline again and goes on, never sending the message twice', async () => {
    const home = await batchHome([JSON.stringify(JOBS[0])]);
    // An earlier run: the message was sent, but the timeline changed only after the confirm schedule ran out.
    const user = emulator.createUser({ credits: 100_000, anonymous: false });
    const nv = new NemoVideo({ baseURL: server.url, token: user.token, maxRetries: 0 });
    const session = await nv.sessions.create({ name: 'city' });
    const before = fingerprint((await nv.state.get(session.id)).raw.draft);
    const [message] = MESSAGES.city!;
    await nv.chat.stream(session.id, message!).finalText();
    const now = Date.now();
    await mkdir(join(home, '.nemo-video', 'jobs'), { recursive: true });
    await writeFile(
      join(home, '.nemo-video', 'jobs', 'city.json'),
      JSON.stringify({
        version: JOB_RECORD_VERSION,
        id: 'city',
        status: 'needs_attention',
        checkpoint: 'message:0:sent',
        spec: { script: JOBS[0]!.script, images: [], aspect: '9:16', edits: [] },
        sessionId: session.id,
        uploads: [],
        messages: [{ text: message, status: 'sent', before }],
        attention: { reason: 'no_change', message: 'Message 1 was answered, but the timeline did not change in 6 checks.' },
        createdAt: now,
        updatedAt: now,
      }),
    );
    const withToken = { home, env: { ...env, NEMO_TOKEN: user.token } };
    const since = log.sent.length;
    const left = await runCli(['batch', 'jobs.jsonl', '--base-url', server.url], withToken);
    expect(left.code).toBe(11);
    expect(left.stdout).toMatch(/^city +needs attention +\d+ +- +Message 1 was answered/m);
    expect(left.stderr).toMatch(/add --recheck to look at its timeline again/);
    expect(log.sent.slice(since)).toEqual([]);

    const run = await runCli(['batch', 'jobs.jsonl', '--recheck', '--base-url', server.url], withToken);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^Looking again at the timeline of city: a message is never sent twice\.$/m);
    expect(run.stderr).toMatch(/^\[city\] Message 1 of 1 confirmed: the timeline changed\.$/m);
    expect(log.chats(session.id, since)).toEqual([]); // not sent again
    expect(log.renders(session.id, since)).toHaveLength(1);
    expect(await record(home, 'city')).toMatchObject({ status: 'done', sessionId: session.id, file: 'out/city.mp4' });
  });

  it('bad options (exit 2) and a missing manifest (exit 5): nothing sent', async () => {
    const home = await batchHome();
    const since = log.sent.length;
    const bad = await batch(home, '--concurrency', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^nemo-video: --concurrency must be a whole number from 1 to 64, got "0"\.$/m);
    const missing = await runCli(['batch', 'nowhere.jsonl', '--base-url', server.url], { home, env });
    expect(missing.code).toBe(5);
    expect(missing.stderr).toMatch(/^nemo-video: No manifest at "nowhere\.jsonl": check the path\.$/m);
    expect(log.sent.slice(since)).toEqual([]);
  });

  describe.skipIf(!existsSync('/usr/bin/script'))('on a terminal (util-linux script gives it a pseudo-terminal)', () => {
    it('one live line per running job, redrawn in place, and a line per finished job', async () => {
      const home = await batchHome();
      const command = [process.execPath, CLI, 'batch', 'jobs.jsonl', '-c', '3', '--base-url', server.url].join(' ');
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: home, env: cliEnv(home, { ...env, TERM: 'xterm-256color', CI: undefined }), stdio: ['ignore', 'pipe', 'pipe'] });
      let screen = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      allOutput.push(screen);
      expect(code).toBe(0);
      expect(screen).toContain('\x1b[?25l'); // the cursor hidden while the lines animate…
      expect(screen).toContain('\x1b[?25h'); // …and shown again
      expect(screen).toMatch(/\x1b\[\dA\x1b\[0J/); // the live lines redrawn in place
      expect(screen).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (city|sea |rain) render [█░]{16} +\d+%/);
      expect(screen).toMatch(/\d\/3 done · [1-3] running · 0 waiting/);
      for (const id of ['city', 'sea', 'rain']) expect(screen).toMatch(new RegExp(`✔\\S* ${id} +done: out/${id}\\.mp4`));
      expect(screen).toMatch(/3 jobs: 3 done\./);
    });

    it('Ctrl-C: its note goes above the live lines, which are cleared before the summary; exit 130', async () => {
      const home = await batchHome();
      const command = [process.execPath, CLI, 'batch', 'jobs.jsonl', '-c', '3', '--base-url', server.url].join(' ');
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: home, env: cliEnv(home, { ...env, TERM: 'xterm-256color', CI: undefined }), stdio: ['pipe', 'pipe', 'pipe'] });
      let screen = '';
      let typed = false;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        screen += chunk;
        // A render is on a live line: Ctrl-C, as a person types it.
        if (!typed && /render [█░]{16}/.test(screen)) child.stdin.write('\x03', () => (typed = true));
      });
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      allOutput.push(screen);
      expect(code).toBe(130);
      // The live lines were cleared (cursor up, clear to the end) right before the note, and drawn again after it.
      expect(screen).toMatch(/\x1b\[\dA\x1b\[0JInterrupted: stopping each job at its next step; its state is kept[^\n]*\n[^\x1b]*[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /);
      expect(screen).toMatch(/\x1b\[\dA\x1b\[0J\x1b\[\?25hid +status +session +render +output \/ error/); // cleared, cursor back, then the table
      expect(screen).toMatch(/Render render_\w+ of job \w+ keeps running: the next run waits on it\./);
      expect(screen).toMatch(/Interrupted\./);
    });
  });
});
