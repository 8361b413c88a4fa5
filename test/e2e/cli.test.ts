/**
 * The CLI as people and scripts run it: the built `dist/cli.js` in a child process against the emulator's
 * HTTP server on 127.0.0.1, each test with its own home folder. Output, files, the credentials file, the
 * emulator's request log and exit codes are checked. Tiny placeholder renders here; the issue's acceptance
 * command with real ffmpeg renders is in cli-acceptance.test.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/testing/server/index.js';
import { allOutput, CLI, cliBuilt, cliEnv, credentialsIn, jsonLines, makeHome, NOT_BUILT, runCli, startCli } from './helpers/cli.js';
import { solidPng } from './helpers/png.js';
import { callsTo, PATHS, useEmulatorServer } from './helpers/server.js';

const server = useEmulatorServer({ render: 'tiny', renderMs: 300, credits: 1_000 });
const SCRIPT = 'A lighthouse at dawn. Waves roll in.';
/** A line of a stack trace: never shown to a person. */
const STACK_LINE = /^\s+at /m;
const homes: string[] = [];

async function home(): Promise<string> {
  const dir = await makeHome();
  homes.push(dir);
  return dir;
}

const isMp4 = async (path: string) => (await readFile(path)).subarray(4, 8).toString('latin1') === 'ftyp';

afterAll(async () => {
  // No run of this file printed a token, in any mode, on either stream.
  const tokens = (await Promise.all(homes.map(credentialsIn))).flat().map((c) => c.token).filter((t): t is string => !!t);
  expect(tokens.length).toBeGreaterThan(0);
  for (const token of tokens) for (const output of allOutput) expect(output.includes(token)).toBe(false);
});

describe.skipIf(!cliBuilt)(`nemo-video CLI${cliBuilt ? '' : ` (skipped: ${NOT_BUILT})`}`, () => {
  const base = () => ['--base-url', server.url];

  describe('generate', () => {
    it('turns a script into an MP4 on disk, keeping the token in a 0600 file it never prints', async () => {
      const dir = await home();
      const run = await runCli(['generate', SCRIPT, '--seconds', '8', '--out', 'x.mp4', ...base()], { home: dir });
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Saved x\.mp4 \(\d+(\.\d)? K?B, 8 s\)$/m);
      expect(run.stdout).toMatch(/^Your 8-second video "A lighthouse at dawn" is ready/m); // the agent's words…
      expect(run.stdout).not.toMatch(/click the Export button/i); // …with its GUI phrases translated
      expect(await isMp4(join(dir, 'x.mp4'))).toBe(true);
      // Plain progress on stderr (not a terminal): the session, the steps, the render's percentages.
      expect(run.stderr).toMatch(/^Started a new project\. Session \S+\.$/m);
      expect(run.stderr).toMatch(/^Timeline \(\d tracks\): /m);
      expect(run.stderr).toMatch(/^render \d+%$/m);
      expect(run.stderr).toMatch(/^render 100%$/m);
      expect(run.stderr).not.toContain('\x1b['); // no terminal codes when not on a terminal

      const [credentials, ...others] = await credentialsIn(dir);
      expect(others).toEqual([]);
      expect(credentials!.path).toBe(join(dir, '.config', 'nemo-video', `credentials.${new URL(server.url).host.replace(':', '-')}.json`));
      expect((await stat(credentials!.path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, '.config', 'nemo-video'))).mode & 0o777).toBe(0o700);
      expect(credentials!.clientId).toMatch(/^[\w-]{8,}$/);
      expect(credentials!.token).toBeTruthy();
      expect(run.stdout + run.stderr).not.toContain(credentials!.token);
      expect(run.stdout + run.stderr).not.toContain(credentials!.clientId);

      // A second run reuses the stored identity: no new anonymous token.
      const before = callsTo(server.emulator, PATHS.anonymousToken).length;
      expect((await runCli(['credits', ...base()], { home: dir })).code).toBe(0);
      expect(callsTo(server.emulator, PATHS.anonymousToken)).toHaveLength(before);
    });

    it('--json prints one object on stdout and keeps progress on stderr; --image uploads first', async () => {
      const dir = await home();
      await writeFile(join(dir, 'cover.png'), solidPng(64, 36, [200, 80, 40]));
      const since = server.emulator.requests.length;
      const run = await runCli(['generate', SCRIPT, '--image', 'cover.png', '--aspect', '9:16', '--seconds', '6', '--json', ...base()], { home: dir });
      expect(run.code).toBe(0);
      const [result, ...more] = jsonLines(run.stdout);
      expect(more).toEqual([]);
      expect(result).toMatchObject({ file: 'video.mp4', durationMs: 6_000, timeline: expect.stringMatching(/^Timeline \(/) });
      expect(result!.bytes).toBeGreaterThan(0);
      expect(String(result!.sessionId)).toBeTruthy();
      expect(String(result!.renderId)).toMatch(/^render_/);
      expect(result!.messages).toEqual(expect.arrayContaining([expect.stringContaining('6-second')]));
      expect(await isMp4(join(dir, 'video.mp4'))).toBe(true);
      expect(run.stderr).toMatch(/^upload cover\.png 100%$/m);
      expect(run.stderr).toMatch(/^render \d+%$/m);
      // The upload went in before the chat asked for the video.
      const paths = server.emulator.requests.slice(since).map((r) => r.path);
      expect(paths.findIndex((p) => p.startsWith('/api/upload-video/'))).toBeGreaterThan(-1);
      expect(paths.findIndex((p) => p.startsWith('/api/upload-video/'))).toBeLessThan(paths.indexOf(PATHS.chat));
    });

    it('--quiet prints the result only; a second default --out does not overwrite the first; "-" reads the script from stdin', async () => {
      const dir = await home();
      const first = await runCli(['generate', SCRIPT, '--quiet', ...base()], { home: dir });
      const second = await runCli(['generate', '-', '-q', ...base()], { home: dir, input: `${SCRIPT}\n` });
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(first.stderr + second.stderr).toBe('');
      expect(first.stdout).toMatch(/^Saved video\.mp4 \([^)]+\)\n$/);
      expect(second.stdout).toMatch(/^Saved video-1\.mp4 \([^)]+\)\n$/);
      expect(await isMp4(join(dir, 'video-1.mp4'))).toBe(true);
    });

    it("a script over 60 words: the service's tip on stderr, and the video all the same", async () => {
      const dir = await home();
      const long = 'The harbour wakes before the city does. '.repeat(9).trim();
      const run = await runCli(['generate', long, '--out', 'long.mp4', ...base()], { home: dir });
      expect(run.code).toBe(0);
      const tip = run.stderr.indexOf('Tip: shorter scripts under 60 words produce faster and more coherent results.');
      expect(tip).toBeGreaterThanOrEqual(0);
      expect(await isMp4(join(dir, 'long.mp4'))).toBe(true);
      const short = await runCli(['generate', SCRIPT, '--out', 'short.mp4', ...base()], { home: dir });
      expect(short.stderr).not.toContain('Tip: shorter scripts');
    });

    it('an --image the service fails to take stops the run before the message is sent, whatever uploads after it', async () => {
      const dir = await home();
      await writeFile(join(dir, 'a.png'), solidPng(64, 36, [10, 20, 30]));
      await writeFile(join(dir, 'b.png'), solidPng(64, 36, [30, 20, 10]));
      server.emulator.faults.inject({ kind: 'server-error', status: 500, path: '/api/upload-video/' }); // a.png only
      const since = server.emulator.requests.length;
      const run = await runCli(['generate', SCRIPT, '--image', 'a.png', '--image', 'b.png', ...base()], { home: dir });
      expect(run.code, run.stderr).toBe(8);
      expect(run.stderr).toMatch(/^nemo-video: a\.png: /m);
      expect(callsTo(server.emulator, PATHS.chat, { since })).toEqual([]);
      expect(run.stdout).toBe('');
    });

    it('a bad --image fails with exit 5 before any request is made', async () => {
      const dir = await home();
      await writeFile(join(dir, 'notes.txt'), 'not an image');
      const since = server.emulator.requests.length;
      const run = await runCli(['generate', SCRIPT, '--image', 'notes.txt', ...base()], { home: dir });
      expect(run.code).toBe(5);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^nemo-video: Unsupported file type for "notes\.txt"\. Accepted: .*png/)]);
      expect(server.emulator.requests.slice(since)).toEqual([]); // no token, no session, no upload
      expect(run.stdout).toBe('');

      const missing = await runCli(['generate', SCRIPT, '--image', 'nowhere.png', '--json', ...base()], { home: dir });
      expect(missing.code).toBe(5);
      expect(jsonLines(missing.stdout)).toEqual([{ error: expect.objectContaining({ name: 'InputFileError', exitCode: 5, message: expect.stringContaining('nowhere.png') }) }]);
      expect(server.emulator.requests.slice(since)).toEqual([]);
    });

    it('out of credits: exit 4 with the registration link (also in --json)', async () => {
      const dir = await home();
      server.emulator.faults.inject({ kind: 'no-credits' });
      const run = await runCli(['generate', SCRIPT, ...base()], { home: dir });
      expect(run.code).toBe(4);
      // Studio's remedy, worded as chat words it, with its link.
      // The server's request id is appended, as for any API error.
      expect(run.stderr).toMatch(/^nemo-video: You are out of credits\..* Register: https:\/\/nemovideo\.com\/register\?bind=anon_\w+ \(request id \S+\)$/m);
      expect(run.stderr).toMatch(/nemo-video chat --session \S+/); // the session is kept, and said
      expect(run.stderr).not.toMatch(STACK_LINE);

      server.emulator.faults.inject({ kind: 'no-credits', http200: true });
      const json = await runCli(['generate', SCRIPT, '--json', ...base()], { home: dir });
      expect(json.code).toBe(4);
      const [line] = jsonLines(json.stdout);
      expect(line!.error).toMatchObject({
        name: 'InsufficientCreditsError',
        exitCode: 4,
        code: 2001,
        kind: 'no_credits',
        registrationUrl: expect.stringMatching(/register\?bind=anon_/),
        links: [{ label: 'Register', url: expect.stringMatching(/register\?bind=anon_/) }],
      });
      expect((line!.error as { sessionId?: string }).sessionId).toBeTruthy();
    });

    it('a stream cut mid-turn: the agent finished on the server, so the video is still made', async () => {
      const dir = await home();
      server.emulator.faults.inject({ kind: 'reset-stream', afterEvents: 1 });
      const run = await runCli(['generate', SCRIPT, '--seconds', '5', ...base()], { home: dir });
      // The cut is said as a note, not an error: the timeline it left shows the agent finished.
      expect(run.stderr).toMatch(/^The connection dropped, but the work may still be running on the server, so the message was not sent again\.$/m);
      expect(run.stderr).toMatch(/^Created: Timeline \(4 tracks\): /m);
      expect(run.stderr).not.toMatch(/^nemo-video:/m);
      expect(run.code).toBe(0);
      expect(await isMp4(join(dir, 'video.mp4'))).toBe(true);
    });

    it("the agent answers but makes no timeline (its tool failed): exit 9 at once, with its words", async () => {
      const dir = await home();
      server.emulator.faults.inject({ kind: 'tool-error' });
      const since = server.emulator.requests.length;
      const run = await runCli(['generate', SCRIPT, ...base()], { home: dir });
      expect(run.code).toBe(9);
      expect(run.stderr).toMatch(/^nemo-video: The agent finished without putting anything on the timeline\. It said: ".+" Answer it with "nemo-video chat --session \S+"/m);
      // The state read before the message (what Studio compares with) and one after it: no waiting, no render.
      expect(server.emulator.requests.slice(since).filter((r) => r.path.startsWith('/api/state/'))).toHaveLength(2);
      expect(callsTo(server.emulator, PATHS.renders, { since })).toEqual([]);
    });

    it('Ctrl-C while the agent works (its stream only keeps alive) stops at once, keeps the session and exits 130', async () => {
      const dir = await home();
      server.emulator.faults.inject({ kind: 'heartbeats-only' });
      const since = server.emulator.requests.length;
      const cli = startCli(['generate', SCRIPT, ...base()], { home: dir, env: { NEMO_STILL_WORKING_MS: '100' } });
      const session = /Session (\S+)\.$/.exec(await cli.waitForStderr(/^Started a new project\. Session \S+\.$/))![1]!;
      // The SDK's clock says this, the answer started or not; a heartbeats-only stream answers at once, long
      // before 100 ms, and the one chat call is checked below.
      await cli.waitForStderr(/^⏳ Still working…$/);
      cli.child.kill('SIGINT');
      const run = await cli.done;
      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(/^nemo-video: Interrupted\.$/m);
      expect(run.stderr).toContain(`nemo-video chat --session ${session}`);
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(callsTo(server.emulator, PATHS.chat, { since })).toHaveLength(1);
      expect(callsTo(server.emulator, PATHS.renders, { since })).toEqual([]);
    });

    it('Ctrl-C mid-render cancels the render, says so, leaves no file and exits 130', async () => {
      const slow = await startEmulator({ render: 'tiny', renderMs: 120_000 });
      try {
        const dir = await home();
        const cli = startCli(['generate', SCRIPT, '--out', 'never.mp4', '--base-url', slow.url], { home: dir });
        const started = await cli.waitForStderr(/^Render render_\w+ started\.$/);
        const renderId = /render_\w+/.exec(started)![0];
        await cli.waitForStderr(/^render \d+%$/);
        cli.child.kill('SIGINT');
        const run = await cli.done;
        expect(run.code).toBe(130);
        expect(run.stderr).toContain(`Cancelled render ${renderId}.`);
        expect(run.stderr).toMatch(/^nemo-video: Interrupted\.$/m);
        expect(run.stderr).not.toMatch(STACK_LINE);
        const cancels = slow.emulator.requests.filter((r) => r.method === 'POST' && r.path === `${PATHS.renders}/${renderId}/cancel`);
        expect(cancels).toHaveLength(1);
        expect(cancels[0]!.status).toBe(200);
        await expect(stat(join(dir, 'never.mp4'))).rejects.toThrow();
      } finally {
        await slow.close();
      }
    });
  });

  describe('session commands', () => {
    let dir: string;
    let sessionId: string;
    beforeAll(async () => {
      dir = await home();
      const run = await runCli(['generate', SCRIPT, '--seconds', '8', '--json', ...base()], { home: dir });
      expect(run.code).toBe(0);
      sessionId = String(jsonLines(run.stdout)[0]!.sessionId);
    });

    it('status prints the timeline summary (or it all, with --json)', async () => {
      const human = await runCli(['status', '--session', sessionId, ...base()], { home: dir });
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^Timeline \(4 tracks\): 1\. Video: .* \(0-8s\) 2\. BGM: \w+ \(0-8s, 35%\) 3\. Title: "A lighthouse at dawn" \(0-3s\) 4\. Captions: /);
      const json = await runCli(['status', '--session', sessionId, '--json', ...base()], { home: dir });
      const [state] = jsonLines(json.stdout);
      expect(state).toMatchObject({ sessionId, exportable: true, durationMs: 8_000, tracks: 4, summary: human.stdout.trim() });
      expect((state!.timeline as { tracks: unknown[] }).tracks).toHaveLength(4);
    });

    it('credits shows the balance after one generation', async () => {
      const human = await runCli(['credits', ...base()], { home: dir });
      expect(human.stdout).toBe('900 credits available (0 frozen, 900 total)\n');
      const json = await runCli(['credits', '--json', ...base()], { home: dir });
      expect(jsonLines(json.stdout)).toEqual([{ available: 900, frozen: 0, total: 900 }]);
    });

    it('upload sends each file into the session, a result line per file', async () => {
      await writeFile(join(dir, 'a.png'), solidPng(32, 32, [0, 0, 255]));
      await writeFile(join(dir, 'b.png'), solidPng(16, 9, [0, 255, 0]));
      const run = await runCli(['upload', 'a.png', 'b.png', '--session', sessionId, '--json', ...base()], { home: dir });
      expect(run.code).toBe(0);
      expect(jsonLines(run.stdout)).toEqual([
        expect.objectContaining({ file: 'a.png', filename: 'a.png', type: 'image', url: expect.stringMatching(/^http/) }),
        expect.objectContaining({ file: 'b.png', filename: 'b.png', type: 'image' }),
      ]);
      expect(run.stderr).toMatch(/^upload a\.png 100%$/m);
    });

    it('export renders and downloads; --url-only prints the URL; download fetches it', async () => {
      const saved = await runCli(['export', '--session', sessionId, '--out', 'e.mp4', ...base()], { home: dir });
      expect(saved.code).toBe(0);
      expect(saved.stdout).toMatch(/^Saved e\.mp4 \(/);
      expect(await isMp4(join(dir, 'e.mp4'))).toBe(true);

      const url = await runCli(['export', '--session', sessionId, '--url-only', ...base()], { home: dir });
      expect(url.code).toBe(0);
      expect(url.stdout).toMatch(new RegExp(`^${server.url}/files/render_\\w+\\.mp4\\n$`));

      const fetched = await runCli(['download', url.stdout.trim(), '--out', 'd.mp4', '--json', ...base()], { home: dir });
      expect(fetched.code).toBe(0);
      expect(jsonLines(fetched.stdout)).toEqual([{ url: url.stdout.trim(), file: 'd.mp4', bytes: expect.any(Number) }]);
      expect(await isMp4(join(dir, 'd.mp4'))).toBe(true);
    });

    it('export blocked by the plan: exit 6', async () => {
      server.emulator.faults.inject({ kind: 'export-blocked' });
      const run = await runCli(['export', '--session', sessionId, ...base()], { home: dir });
      expect(run.code).toBe(6);
      expect(run.stderr).toMatch(/^nemo-video: Export is blocked by the account plan/m);
    });

    it('a session that does not exist, or has nothing to export: exit 10', async () => {
      const unknown = await runCli(['status', '--session', 'no-such-session', ...base()], { home: dir });
      expect(unknown.code).toBe(10);
      expect(unknown.stderr).toMatch(/^nemo-video: The session was not found/m);
      // In the CLI's words: the commands to run, not the SDK's methods.
      expect(unknown.stderr).toContain('start a new one with `nemo-video generate` or `nemo-video chat`');
      expect(unknown.stderr).not.toMatch(/nv\.\w+/);

      // `chat` with nothing on stdin makes a session and leaves: an empty one.
      const chat = await runCli(['chat', '--json', ...base()], { home: dir });
      expect(chat.code).toBe(0);
      const [{ sessionId: empty }] = jsonLines(chat.stdout) as [{ sessionId: string }];
      const since = server.emulator.requests.length;
      const run = await runCli(['export', '--session', empty, ...base()], { home: dir });
      expect(run.code).toBe(10);
      expect(run.stderr).toMatch(/^nemo-video: Nothing to export in session \S+ yet/m);
      expect(callsTo(server.emulator, PATHS.renders, { since })).toEqual([]);
    });
  });

  describe('chat', () => {
    it('sends each stdin line, routed like the spec says ("status", "export" by the API), and exits 0 at the end of input', async () => {
      const dir = await home();
      const since = server.emulator.requests.length;
      const run = await runCli(['chat', ...base()], { home: dir, input: 'make a 10 second video about owls\nmake it 6 seconds\nstatus\nexport\n' });
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Your 10-second video "Owls" is ready/m);
      expect(run.stdout).not.toMatch(/click the Export button/i); // GUI phrases are translated
      expect(run.stdout).toMatch(/^Timeline \(4 tracks\): .*\(0-6s\)/m);
      expect(run.stdout).toMatch(/^Saved video\.mp4 \(/m);
      expect(await isMp4(join(dir, 'video.mp4'))).toBe(true);
      expect(run.stderr).toMatch(/Session \S+\./);
      expect(run.stderr).toMatch(/^Type a message/m);
      // Two messages went to the agent; "status" and "export" did not.
      expect(callsTo(server.emulator, PATHS.chat, { since })).toHaveLength(2);
    });

    it('--json: a session line, a line per message, timeline and turn end', async () => {
      const dir = await home();
      const run = await runCli(['chat', '--json', ...base()], { home: dir, input: 'make a 10 second video about owls\n/credits\n' });
      expect(run.code).toBe(0);
      const lines = jsonLines(run.stdout);
      expect(lines[0]).toEqual({ type: 'session', sessionId: expect.any(String), resumed: false });
      expect(lines.filter((l) => l.type === 'message').length).toBeGreaterThanOrEqual(1);
      expect(lines).toContainEqual({ type: 'turn_end', sessionId: lines[0]!.sessionId });
      expect(lines.at(-1)).toEqual({ available: 900, frozen: 0, total: 900 });
    });

    it('--json: a cut stream whose change then shows is only a note; a failed turn is one error line, before its turn_end', async () => {
      const dir = await home();
      server.emulator.faults.inject({ kind: 'reset-stream', afterEvents: 1 }); // the first message's stream
      server.emulator.faults.inject({ kind: 'no-credits' }); // the second message
      const run = await runCli(['chat', '--json', ...base()], { home: dir, input: 'make a 10 second video about owls\nadd jazz music\n' });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/^The connection dropped, but the work may still be running on the server, so the message was not sent again\.$/m);
      const lines = jsonLines(run.stdout);
      expect(lines).toContainEqual({ type: 'timeline', summary: expect.stringMatching(/^Timeline \(4 tracks\)/), changes: expect.any(Array) });
      expect(lines.filter((l) => l.type === 'error')).toHaveLength(1);
      expect(lines.slice(-2)).toEqual([
        {
          type: 'error',
          error: expect.objectContaining({ name: 'InsufficientCreditsError', exitCode: 4, kind: 'no_credits', links: [{ label: 'Register', url: expect.stringMatching(/register\?bind=anon_/) }] }),
        },
        { type: 'turn_end', sessionId: lines[0]!.sessionId },
      ]);
    });

    it("--session resumes a session; a failed turn is reported with its remedy, the chat goes on, and the exit code is the failure's", async () => {
      const dir = await home();
      const first = await runCli(['chat', '--json', ...base()], { home: dir, input: 'make a 10 second video about owls\n' });
      const sessionId = String(jsonLines(first.stdout)[0]!.sessionId);
      server.emulator.faults.inject({ kind: 'no-credits' });
      const run = await runCli(['chat', '--session', sessionId, ...base()], { home: dir, input: 'add jazz music\n/credits\n' });
      expect(run.code).toBe(4);
      // The server's request id is appended, as for any API error.
      expect(run.stderr).toMatch(/^nemo-video: You are out of credits\..* Register: https:\/\/nemovideo\.com\/register\?bind=anon_\w+ \(request id \S+\)$/m);
      expect(run.stderr).toContain(`Resumed your project. Session ${sessionId}.`);
      expect(run.stdout).toMatch(/^Timeline \(4 tracks\)/m); // the resumed timeline, shown on connecting
      expect(run.stdout).toContain('credits available'); // the next line still ran
    });
  });

  describe('"⏳ Still working…"', () => {
    it.each([
      ['generate', [SCRIPT, '--json'], ''],
      ['chat', ['--json'], 'make a 10 second video about owls\n'],
    ])('%s prints it on stderr (stdout stays JSON) after NEMO_STILL_WORKING_MS without text, keep-alives or not', async (command, args, input) => {
      server.emulator.faults.inject({ kind: 'heartbeats-only' });
      const since = server.emulator.requests.length;
      const cli = startCli([command, ...args, ...base()], { home: await home(), env: { NEMO_STILL_WORKING_MS: '200' }, input });
      await cli.waitForStderr(/^⏳ Still working…$/);
      cli.child.kill('SIGINT');
      const run = await cli.done;
      expect(run.code).toBe(130);
      expect(run.stdout).not.toContain('Still working');
      expect(() => jsonLines(run.stdout)).not.toThrow();
      expect(callsTo(server.emulator, PATHS.chat, { since })).toHaveLength(1);
    });

    it('a bad NEMO_STILL_WORKING_MS does not stop the commands that never talk to the agent', async () => {
      const run = await runCli(['credits', ...base()], { home: await home(), env: { NEMO_STILL_WORKING_MS: '2m' } });
      expect(run.code, run.stderr).toBe(0);
    });

    it('a NEMO_STILL_WORKING_MS that is not a number of ms is a usage error: exit 2, nothing sent', async () => {
      const since = server.emulator.requests.length;
      const run = await runCli(['generate', SCRIPT, ...base()], { home: await home(), env: { NEMO_STILL_WORKING_MS: '2m' } });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^nemo-video: NEMO_STILL_WORKING_MS must be a number of milliseconds from 1 to \d+ \(2 minutes is 120000\), got "2m"\.$/m);
      expect(server.emulator.requests.slice(since)).toEqual([]);
    });
  });

  describe('usage and errors', () => {
    it.each([
      [['bogus']],
      [['generate']],
      [['generate', SCRIPT, '--aspect', '4:3']],
      [['generate', SCRIPT, '--seconds', 'soon']],
      [['generate', SCRIPT, '--wat']],
      [['status']],
      [['upload', 'a.png']],
      [['download', 'not-a-url']],
      [['credits', 'extra']],
      [['credits', '--base-url', 'ftp://example.com']],
      [['export', '--session', 'abc123', '--out', 'no/such/folder/x.mp4']],
    ])('%j is a usage error: exit 2, one line and a pointer to --help, nothing sent', async (args) => {
      const since = server.emulator.requests.length;
      const run = await runCli(args.includes('--base-url') ? args : [...args, '--base-url', server.url], { home: await home() });
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^nemo-video: /);
      expect(lines[1]).toMatch(/^Run "nemo-video .*--help" for usage\.$/);
      expect(run.stdout).toBe('');
      expect(server.emulator.requests.slice(since)).toEqual([]);
    });

    it('a negative --seconds gets the range, not "ambiguous"', async () => {
      const run = await runCli(['generate', SCRIPT, '--seconds', '-3', '--base-url', server.url], { home: await home() });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^nemo-video: --seconds must be a number above 0 and at most \d+, got "-3"\.$/m);
      expect(run.stderr).not.toMatch(/ambiguous/);
    });

    it('--help lists every command, the environment and the exit codes; a command has its own', async () => {
      const dir = await home();
      const help = await runCli(['--help'], { home: dir });
      expect(help.code).toBe(0);
      for (const name of ['generate', 'batch', 'chat', 'upload', 'credits', 'status', 'export', 'download', 'emulator']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
      for (const code of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 130]) expect(help.stdout).toMatch(new RegExp(`^ +${code}  \\w`, 'm'));
      expect(help.stdout).toContain('NEMO_BASE_URL');
      expect(help.stdout).toContain('mode 0600');
      const generate = await runCli(['generate', '--help'], { home: dir });
      expect(generate.code).toBe(0);
      expect(generate.stdout).toMatch(/^Usage: nemo-video generate "<script>" \[--image a\.png \.\.\.\] \[--aspect 16:9\|9:16\] \[--seconds N\] \[--out video\.mp4\]/);
      expect(generate.stdout).toContain('Exit codes:');
      expect((await runCli(['help', 'chat'], { home: dir })).stdout).toMatch(/^Usage: nemo-video chat/);
      expect((await runCli(['--version'], { home: dir })).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);

      // docs/cli.md documents the same exit codes and every command.
      const docs = await readFile('docs/cli.md', 'utf8');
      const codes = [...help.stdout.matchAll(/^ +(\d+)  \w/gm)].map((m) => m[1]);
      const documented = [...docs.matchAll(/^\| (\d+) \| /gm)].map((m) => m[1]);
      expect(documented).toEqual(codes);
      for (const name of ['generate', 'batch', 'chat', 'upload', 'credits', 'status', 'export', 'download', 'emulator']) expect(docs).toContain(`### ${name}\n`);
    });

    it('a refused token: exit 3, and the token is not echoed', async () => {
      const token = 'nmv_not_a_token_the_emulator_knows';
      const run = await runCli(['credits', ...base()], { home: await home(), env: { NEMO_TOKEN: token } });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^nemo-video: The token is invalid or expired/m);
      expect(run.stdout + run.stderr).not.toContain(token);
    });

    it('rate limited even after the wait and retry: exit 7', async () => {
      server.emulator.faults.inject({ kind: 'rate-limit', retryAfter: 0, times: Infinity, path: '/api/credits' });
      const run = await runCli(['credits', ...base()], { home: await home() });
      expect(run.code).toBe(7);
      expect(run.stderr).toMatch(/^nemo-video: Rate limited/m);
    });

    it('nothing listening at --base-url: exit 8', async () => {
      const closed = await startEmulator();
      const url = closed.url;
      await closed.close();
      const run = await runCli(['credits', '--base-url', url], { home: await home() });
      expect(run.code).toBe(8);
      expect(run.stderr).toMatch(new RegExp(`^nemo-video: Could not reach ${url.replace(/\./g, '\\.')}`, 'm'));
      expect(run.stderr).not.toMatch(STACK_LINE);
    });
  });

  describe.skipIf(!existsSync('/usr/bin/script'))('on a terminal (util-linux script gives it a pseudo-terminal)', () => {
    it('draws a spinner and progress bars on stderr, in place', async () => {
      const dir = await home();
      const command = [process.execPath, CLI, 'generate', `'${SCRIPT}'`, '--seconds', '8', '--base-url', server.url].join(' ');
      // util-linux `script` runs the CLI on a pseudo-terminal; -e passes its exit code through.
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, env: cliEnv(dir, { TERM: 'xterm-256color', CI: undefined }), stdio: ['ignore', 'pipe', 'pipe'] });
      let screen = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      allOutput.push(screen);
      expect(code).toBe(0);
      expect(screen).toContain('\x1b[?25l'); // the cursor hidden while the line animates…
      expect(screen).toContain('\x1b[?25h'); // …and shown again
      expect(screen).toMatch(/render █+░* +\d+%/);
      expect(screen).toContain('render ████████████████████████ 100%');
      expect(screen).toMatch(/Thinking…/);
      expect(screen).toMatch(/Saved video\.mp4 \(/);
      expect(await isMp4(join(dir, 'video.mp4'))).toBe(true);
    });
  });

  describe.skipIf(!existsSync('/usr/bin/script'))('chat on a terminal', () => {
    it('prompts, streams, routes "export"; Ctrl-C cancels the render and returns to the prompt; Ctrl-D leaves with 0', async () => {
      const slow = await startEmulator({ render: 'tiny', renderMs: 120_000 });
      try {
        const dir = await home();
        const command = [process.execPath, CLI, 'chat', '--base-url', slow.url].join(' ');
        const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, env: cliEnv(dir, { TERM: 'xterm-256color', CI: undefined }), stdio: ['pipe', 'pipe', 'pipe'] });
        let screen = '';
        const waiters: Array<[RegExp, () => void]> = [];
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          screen += chunk;
          for (const waiter of [...waiters]) if (waiter[0].test(screen)) waiters.splice(waiters.indexOf(waiter), 1) && waiter[1]();
        });
        const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
        /** Resolves once what the terminal showed so far matches `pattern`. */
        const seen = (pattern: RegExp) => new Promise<void>((resolve) => (pattern.test(screen) ? resolve() : waiters.push([pattern, resolve])));
        const type = (keys: string) => child.stdin.write(keys);

        await seen(/› /);
        type('make a 10 second video about owls\r');
        await seen(/Say "export" to render the MP4\.[\s\S]*› /);
        type('export\r');
        await seen(/Render render_\w+ started\./);
        await seen(/render [█░]+ +\d+%/);
        const renderId = /Render (render_\w+) started\./.exec(screen)![1]!;
        type('\x03'); // Ctrl-C: stops the export, not the chat
        await seen(new RegExp(`Cancelled render ${renderId}\\.[\\s\\S]*Stopped\\.[\\s\\S]*› `));
        type('\x04'); // Ctrl-D: leaves
        const code = await exited;
        allOutput.push(screen);
        expect(code).toBe(0);
        expect(screen).toMatch(/Your 10-second video "Owls" is ready/);
        expect(slow.emulator.requests.filter((r) => r.path === `${PATHS.renders}/${renderId}/cancel`)).toHaveLength(1);
      } finally {
        await slow.close();
      }
    });
  });

  it('emulator serves the API until Ctrl-C, which ends it with exit 0', async () => {
    const dir = await home();
    const emulator = startCli(['emulator', '--port', '0', '--render', 'tiny', '--credits', '250', '--json'], { home: dir });
    const { url } = JSON.parse(await emulator.waitForStdout(/^\{"url":/)) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const credits = await runCli(['credits', '--json', '--base-url', url], { home: dir });
    expect(jsonLines(credits.stdout)).toEqual([{ available: 250, frozen: 0, total: 250 }]);
    emulator.child.kill('SIGINT');
    const run = await emulator.done;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('the built CLI uses the SDK through its public entry points, not a second bundled copy', async () => {
    const bundle = await readFile(CLI, 'utf8');
    const imports = [...bundle.matchAll(/^import\b[^;]*?from ["']([^"']+)["'];?$/gm)].map((m) => m[1]!);
    const imported = new Set(imports.filter((s) => !isBuiltin(s)));
    expect(imported).toEqual(new Set(['nemo-video', 'nemo-video/studio', 'nemo-video/jobs', 'nemo-video/node', 'nemo-video/testing/server']));
    expect(bundle).not.toMatch(/class \w*Transport\b|X-Skill-Source/i);
  });
});

