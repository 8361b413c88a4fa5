// Benchmark: wall time of the emulator's real renders (ffmpeg, 1080p) for the demo's draft and a 30 s one.
//   node bench/render.mjs
// It compiles the renderer from src/ with esbuild on the fly (the renderer is internal to nemo-video/testing/server).
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = await mkdtemp(join(tmpdir(), 'nemo-bench-'));
// Inside the repo (.tmp/ is git-ignored), so the compiled module finds ffmpeg and the fonts in node_modules.
const out = join(process.cwd(), '.tmp', 'bench-render.mjs');
await build({ entryPoints: ['src/testing/server/render/index.ts'], bundle: true, platform: 'node', format: 'esm', outfile: out, packages: 'external', logLevel: 'error' });
const { renderDraftToFile } = await import(out);

/** A draft like the emulator's agent makes: one scene and caption per sentence, a title, BGM at 35 %. */
function draft(seconds, sentences) {
  const d = seconds * 1000;
  const each = d / sentences.length;
  const colors = ['#1f3b73', '#7a2e8e', '#0f766e', '#9a3412', '#334155'];
  return {
    t: [
      { tt: 0, sg: sentences.map((s, i) => ({ id: `v${i}`, start: i * each, d: each, kind: 'background', label: s, color: colors[i % colors.length] })) },
      { tt: 1, sg: [{ id: 'a', start: 0, d, name: 'Ambient', volume: 0.35 }] },
      { tt: 7, sg: [{ id: 't', start: 0, d: 3000, role: 'title', text: 'Urban Dreams' }] },
      { tt: 7, sg: sentences.map((text, i) => ({ id: `c${i}`, start: i * each, d: each, role: 'caption', text })) },
    ],
    d,
    m: { title: 'Urban Dreams', width: 1920, height: 1080, aspect: '16:9' },
  };
}

const demo = ['Cities never sleep.', 'Lights flicker on across the skyline.', 'Tomorrow starts tonight.'];
for (const [name, seconds, sentences] of [
  ['demo draft, 12 s 1080p', 12, demo],
  ['30 s 1080p, 10 captions', 30, Array.from({ length: 10 }, (_, i) => `Sentence number ${i + 1} of the script.`)],
]) {
  const started = performance.now();
  const info = await renderDraftToFile(draft(seconds, sentences), join(dir, `${seconds}.mp4`));
  console.log(`${name}: ${((performance.now() - started) / 1000).toFixed(2)} s wall (ffmpeg ${(info.elapsedMs / 1000).toFixed(2)} s)`);
}
await rm(dir, { recursive: true, force: true });
