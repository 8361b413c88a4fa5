// `npm run demo` is the README's main job: the demo script, run as a user runs it, must leave a real MP4.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ffprobe } from './helpers/ffprobe.js';

const root = resolve(import.meta.dirname, '../..');
const built = existsSync(join(root, 'dist/index.js')) && existsSync(join(root, 'dist/node.js'));

/** Runs a Node script to its end; resolves with its exit code and output. */
function runNode(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    delete env.NEMO_BASE_URL; // the demo must start its own emulator
    delete env.NEMO_TOKEN;
    const child = spawn(process.execPath, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe.skipIf(!built)(`the demo (examples/demo.mjs)${built ? '' : ' — skipped: run `npm run build` first'}`, () => {
  let cwd: string;
  let run: Awaited<ReturnType<typeof runNode>>;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'nemo-demo-'));
    run = await runNode([join(root, 'examples/demo.mjs')], cwd);
  }, 120_000);
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  test('runs to the end, showing the agent, the timeline and the render progress', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Connected: session \d+/);
    expect(run.stdout).toMatch(/\[working: generate_video_with_seedance\]/);
    expect(run.stdout).toMatch(/Timeline \(\d tracks\): 1\. Video: /);
    expect(run.stdout).toMatch(/Rendering: .* 100% completed/);
    expect(run.stdout).toMatch(/Saved out\/demo\.mp4/);
  });

  test('leaves out/demo.mp4: H.264, 1920x1080, the draft\'s 12 s', async () => {
    const probe = await ffprobe(join(cwd, 'out/demo.mp4'));
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 1920, height: 1080 });
    expect(Number(probe.format.duration)).toBeCloseTo(12, 1);
  });
});
