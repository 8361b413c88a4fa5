// `npm run demo` is the README's main job: the demo script, run as a user runs it, must leave a real MP4.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeHome, startNode, type CliResult } from './helpers/cli.js';
import { ffprobe } from './helpers/ffprobe.js';

const root = resolve(import.meta.dirname, '../..');
const built = existsSync(join(root, 'dist/index.js')) && existsSync(join(root, 'dist/node.js'));

describe.skipIf(!built)(`the demo (examples/demo.mjs)${built ? '' : ' — skipped: run `npm run build` first'}`, () => {
  let cwd: string;
  let run: CliResult;
  beforeAll(async () => {
    cwd = await makeHome('nemo-demo-');
    // No NEMO_BASE_URL or NEMO_TOKEN: the demo must start its own emulator.
    run = await startNode(join(root, 'examples/demo.mjs'), [], { home: cwd }).done;
  }, 120_000);
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  test('runs to the end, showing the agent, the timeline and the render progress', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Connected: session \d+/);
    expect(run.stdout).toMatch(/\[working: generate_video_with_seedance\]/);
    expect(run.stdout).toMatch(/Timeline \(\d tracks\): 1\. Video: /);
    expect(run.stdout).toMatch(/^Rendering: .* 100% completed$/m);
    // Not a terminal: plain lines, no carriage returns redrawing a bar.
    expect(run.stdout).not.toContain('\r');
    // The agent's GUI phrases are translated, as the CLI does: no button to click.
    expect(run.stdout).toMatch(/Review the timeline summary, then export/);
    expect(run.stdout).not.toMatch(/click|button/i);
    expect(run.stdout).toMatch(/Saved out\/demo\.mp4/);
  });

  test('leaves out/demo.mp4: H.264, 1920x1080, the draft\'s 12 s', async () => {
    const probe = await ffprobe(join(cwd, 'out/demo.mp4'));
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 1920, height: 1080 });
    expect(Number(probe.format.duration)).toBeCloseTo(12, 1);
  });
});
