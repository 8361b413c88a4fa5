/**
 * examples/node-esm and examples/node-cjs, run as a user would: `node <example> --out <file>` in a child
 * process, from a directory outside the repo, against the built package (dist/, so `npm run build` first).
 * Once with no NEMO_BASE_URL (the example starts the emulator in its own process, with real ffmpeg renders)
 * and once pointed at this file's emulator server (the example must use it and start none of its own).
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHome, startNode } from './helpers/cli.js';
import { ffprobe } from './helpers/ffprobe.js';
import { callsTo, PATHS, useEmulatorServer } from './helpers/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLES = {
  esm: join(ROOT, 'examples/node-esm/index.mjs'),
  cjs: join(ROOT, 'examples/node-cjs/index.cjs'),
} as const;
const SCRIPT = 'Rain on a tin roof. A cat sleeps by the stove.';

/**
 * Runs an example to its end in `work` (its cwd and home), with no NEMO_* variable but those of `env`;
 * fails (with its stderr) if it exits non-zero.
 */
async function runExample(file: string, out: string, env: Record<string, string> = {}): Promise<string> {
  const { code, stdout, stderr } = await startNode(file, ['--out', out, SCRIPT], { home: work, env }).done;
  expect(code, stderr).toBe(0);
  return stdout;
}

let work: string;
beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('The examples import the built package: run `npm run build` first.');
  work = await makeHome('nemo-examples-node-');
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe.each(Object.entries(EXAMPLES))('examples/node-%s', (name, file) => {
  it('with no NEMO_BASE_URL: script → chat → export → a playable H.264 MP4, via its own emulator', async () => {
    const stdout = await runExample(file, `${name}.mp4`);

    // What a person sees: the agent's words, the timeline, render progress up to 100, where the file went.
    expect(stdout).toMatch(/8-second .*video/);
    expect(stdout).toMatch(/^Timeline \(4 tracks\): 1\. Video: .*\(0-8s\)/m);
    expect(stdout).toMatch(/^render 100%$/m);
    expect(stdout).toMatch(new RegExp(`^Saved ${name}\\.mp4 \\(\\d+ bytes\\)$`, 'm'));

    // The file is where --out said, relative to the working directory: a real 8 s H.264 MP4.
    const mp4 = await readFile(join(work, `${name}.mp4`));
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const probe = await ffprobe(join(work, `${name}.mp4`));
    expect(probe.streams.find((s) => s.codec_type === 'video')?.codec_name).toBe('h264');
    expect(Math.abs(Number(probe.format.duration) - 8)).toBeLessThanOrEqual(0.1);
  });
});

describe('with NEMO_BASE_URL set', () => {
  const server = useEmulatorServer({ render: 'tiny', renderMs: 500, credits: 1_000 });

  it.each(Object.entries(EXAMPLES))('examples/node-%s talks to that server', async (name, file) => {
    const since = server.emulator.requests.length;
    const stdout = await runExample(file, join(work, `remote-${name}.mp4`), { NEMO_BASE_URL: server.url, NEMO_POLL_INTERVAL_MS: '100' });

    expect(stdout).toMatch(/^Saved .*remote-.*\.mp4/m);
    const mp4 = await readFile(join(work, `remote-${name}.mp4`));
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    // The whole flow reached this server: token, session, chat, render.
    for (const path of [PATHS.anonymousToken, PATHS.createSession, PATHS.chat, PATHS.renders]) {
      expect(callsTo(server.emulator, path, { since }), path).not.toHaveLength(0);
    }
  });
});
