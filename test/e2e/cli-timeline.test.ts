/**
 * The timeline as a picture (`status` on a terminal, `chat --picture`), its plain fallbacks, and Ctrl-D in
 * an interactive chat. util-linux `script` gives the built CLI a real pseudo-terminal (its size unknown, so
 * 80 columns); the plain cases are the same runs with TERM=dumb, or piped.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { allOutput, CLI, cliBuilt, cliEnv, credentialsIn, jsonLines, makeHome as makeAnyHome, NOT_BUILT, runCli } from './helpers/cli.js';
import { useEmulatorServer } from './helpers/server.js';

const server = useEmulatorServer({ render: 'tiny', renderMs: 300, credits: 1_000 });
const hasScript = existsSync('/usr/bin/script');
const homes: string[] = [];
const makeHome = async () => {
  const home = await makeAnyHome();
  homes.push(home);
  return home;
};

afterAll(async () => {
  // No picture, summary or prompt printed a token.
  const tokens = (await Promise.all(homes.map(credentialsIn))).flat().map((c) => c.token).filter((t): t is string => !!t);
  for (const token of tokens) for (const output of allOutput) expect(output.includes(token)).toBe(false);
});
const COLOUR = /\x1b\[\d+m/;
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** A terminal run of the CLI: what it showed, and a way to type into it once the screen shows something. */
function onTerminal(args: string[], home: string, env: Record<string, string | undefined> = {}) {
  const command = [process.execPath, CLI, ...args].join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: home, env: cliEnv(home, { TERM: 'xterm-256color', CI: undefined, ...env }), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  const waiters: Array<[RegExp, () => void]> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk;
    for (const waiter of [...waiters]) if (waiter[0].test(screen)) waiters.splice(waiters.indexOf(waiter), 1) && waiter[1]();
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve)).then((code) => (allOutput.push(screen), code));
  return {
    exited,
    screen: () => screen,
    /** The screen's lines as a terminal shows them: a line the spinner cleared (ESC[1G) left out, escapes removed. */
    lines: () => screen.replace(/[^\r\n]*\x1b\[1G/g, '').replace(ESCAPES, '').split(/\r?\n/),
    seen: (pattern: RegExp) => new Promise<void>((resolve) => (pattern.test(screen) ? resolve() : waiters.push([pattern, resolve]))),
    type: (keys: string) => child.stdin.write(keys),
  };
}

describe.skipIf(!cliBuilt || !hasScript)(`the timeline as a picture${cliBuilt ? '' : ` (skipped: ${NOT_BUILT})`}`, () => {
  const base = () => ['--base-url', server.url];
  const session = async () => {
    const home = await makeHome();
    const run = await runCli(['generate', 'A lighthouse at dawn. Waves roll in.', '--seconds', '8', '--json', ...base()], { home });
    expect(run.code).toBe(0);
    return { home, sessionId: String(jsonLines(run.stdout)[0]!.sessionId) };
  };

  it('status on a terminal draws it: the axis, one row per track with its bars and labels, in colour', async () => {
    const { home, sessionId } = await session();
    const term = onTerminal(['status', '--session', sessionId, ...base()], home);
    expect(await term.exited).toBe(0);
    const lines = term.lines();
    const at = lines.findIndex((line) => line.endsWith('Timeline (4 tracks, 8 s):'));
    expect(at).toBeGreaterThanOrEqual(0);
    const [axis, ruler, video, bgm, title, captions] = lines.slice(at + 1);
    expect(axis).toMatch(/^ {9}0s +1s +2s .* 8s$/);
    expect(ruler).toMatch(/^ {9}├─+┼─+.*┤$/);
    expect(video).toMatch(/^Video {4}█ \w.*▓/);
    expect(bgm).toMatch(/^BGM {6}█ \w+ █+$/);
    expect(title).toMatch(/^Title {4}█ A lighthouse at dawn █+$/);
    expect(captions).toMatch(/^Captions {1}█ .+▓/);
    for (const line of [axis, ruler, video, bgm, title, captions]) expect(line!.length).toBeLessThanOrEqual(80);
    expect(term.screen()).toMatch(COLOUR);
  });

  it('NO_COLOR keeps the picture and drops its colours; TERM=dumb, a pipe or --json get what they always did', async () => {
    const { home, sessionId } = await session();
    const args = ['status', '--session', sessionId, ...base()];
    const plain = onTerminal(args, home, { NO_COLOR: '1' });
    expect(await plain.exited).toBe(0);
    const video = plain.screen().split(/\r?\n/).find((line) => line.startsWith('Video '));
    expect(video).toMatch(/^Video {4}█ /);
    expect(video).not.toMatch(COLOUR);

    const dumb = onTerminal(args, home, { TERM: 'dumb' });
    expect(await dumb.exited).toBe(0);
    expect(dumb.lines()).toContainEqual(expect.stringMatching(/^Timeline \(4 tracks\): 1\. Video: .* \(0-8s\) 2\. BGM: /));
    expect(dumb.screen()).not.toContain('├');

    const piped = await runCli(args, { home });
    expect(piped.stdout).toMatch(/^Timeline \(4 tracks\): 1\. Video: .*\n$/);
    const json = onTerminal([...args, '--json'], home);
    expect(await json.exited).toBe(0);
    const line = json.lines().find((l) => l.startsWith('{'));
    const [state] = jsonLines(line!);
    expect(state).toMatchObject({ sessionId, durationMs: 8_000, tracks: 4, summary: piped.stdout.trim() });
  });

  it('chat --picture draws it under each update of the timeline; without it, only the summary', async () => {
    const home = await makeHome();
    for (const picture of [true, false]) {
      const term = onTerminal(['chat', ...(picture ? ['--picture'] : []), ...base()], home);
      await term.seen(/› /);
      term.type('make a 10 second video about owls\r');
      await term.seen(/Say "export" to render the MP4\.[\s\S]*› /);
      term.type('\x04');
      expect(await term.exited).toBe(0);
      const lines = term.lines();
      const summary = lines.findIndex((line) => /Timeline \(4 tracks\): 1\. Video: /.test(line));
      expect(summary).toBeGreaterThanOrEqual(0);
      if (picture) {
        expect(lines[summary + 1]).toMatch(/^ {9}0s +.* 10s$/);
        expect(lines[summary + 3]).toMatch(/^Video {4}█ owls/);
      } else expect(term.screen()).not.toContain('├');
    }
  });
});

describe.skipIf(!cliBuilt || !hasScript)('Ctrl-D in an interactive chat', () => {
  it('leaves with exit 0 even when typed while a turn is under way: the turn ends, no prompt is left waiting', async () => {
    const home = await makeHome();
    const term = onTerminal(['chat', '--base-url', server.url], home);
    await term.seen(/› /);
    // Ctrl-D right behind the message: the interface closes while the turn runs.
    term.type('make a 5 second video about owls\r\x04');
    expect(await term.exited).toBe(0);
    expect(term.screen()).toMatch(/Your 5-second video "Owls" is ready/);
  });

  it('leaves with exit 0 at the prompt', async () => {
    const term = onTerminal(['chat', '--base-url', server.url], await makeHome());
    await term.seen(/› /);
    term.type('\x04');
    expect(await term.exited).toBe(0);
  });
});
