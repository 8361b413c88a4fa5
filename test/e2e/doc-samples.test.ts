// Every ts/js code sample of README.md and docs/*.md runs as written, against the emulator over HTTP, with
// the built package (the sample imports `nemo-video` by name, which resolves to dist/), and finishes: a
// sample that leaves a timer or a socket open is a failure, as it would be a hang in the reader's script.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { docSamples, sampleModule, type DocSample } from './helpers/doc-samples.js';
import { solidPng } from './helpers/png.js';
import { useEmulatorServer } from './helpers/server.js';

const root = resolve(import.meta.dirname, '../..');
const built = existsSync(join(root, 'dist/index.js'));
const samples = docSamples(root);

/**
 * How long one sample may take, its process start included: a hang, not a slow machine, should pass it. Under
 * the 30 s a render poll waits on the real service: the samples that export finish promptly here only because
 * the emulator says when to look again (Retry-After on the render status) and the SDK listens.
 */
const SAMPLE_LIMIT_MS = 25_000;
/** Two at a time: the machine has two cores, and each sample is a Node process. */
const PARALLEL = 2;

const server = useEmulatorServer({ render: 'tiny' });
let context = '';
let work = '';
let mp4 = '';

beforeAll(async () => {
  if (!built) return;
  // What the guides' prose sets up before their samples: a session whose video was generated, and its export.
  const { token } = server.emulator.createUser({ credits: 1_000_000 });
  const nv = server.client({ token });
  const session = await nv.sessions.create();
  await nv.chat.stream(session.id, 'generate a 10-second video from this script: A quiet harbour. Boats leave at dawn.').finalText();
  const { url, renderId } = await nv.export(session.id, { interval: 50 });
  context = JSON.stringify({ token, session, url, renderId });
  work = await mkdtemp(join(tmpdir(), 'nemo-doc-samples-'));
  mp4 = join(work, 'render.mp4');
  await writeFile(mp4, new Uint8Array(await (await fetch(url)).arrayBuffer()));
  await mkdir(join(root, '.tmp/doc-samples'), { recursive: true });
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

let running = 0;
const queue: (() => void)[] = [];
async function slot<T>(run: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((go) => queue.push(go));
  running++;
  try {
    return await run();
  } finally {
    running--;
    queue.shift()?.();
  }
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

/** Runs one sample in a fresh folder holding the files the guides name (intro.mp4, beach.mp4, clips/, shots/, out/…). */
async function run(sample: DocSample, index: number): Promise<Outcome> {
  const file = join(root, '.tmp/doc-samples', `sample-${index}.mjs`);
  await writeFile(file, await sampleModule(sample));
  const cwd = join(work, `sample-${index}`);
  await mkdir(join(cwd, 'clips'), { recursive: true });
  await mkdir(join(cwd, 'shots'), { recursive: true });
  await mkdir(join(cwd, 'out'), { recursive: true });
  for (const name of ['intro.mp4', 'beach.mp4', 'city.mp4']) await copyFile(mp4, join(cwd, name));
  await copyFile(mp4, join(cwd, 'clips/intro.mov'));
  await writeFile(join(cwd, 'shots/harbour.jpg'), solidPng(64, 36, [20, 60, 160]));
  const env: NodeJS.ProcessEnv = { ...process.env, NEMO_BASE_URL: server.url, NEMO_SAMPLE_CONTEXT: context, HOME: cwd, XDG_CONFIG_HOME: join(cwd, '.config') };
  delete env.NEMO_TOKEN;
  delete env.NEMO_LOG;
  const child = spawn(process.execPath, [file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, SAMPLE_LIMIT_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.once('close', (c, s) => done([c, s])));
  clearTimeout(timer);
  return { code, signal, output, timedOut };
}

describe.skipIf(!built)(`the docs' code samples${built ? '' : ' — skipped: run `npm run build` first'}`, () => {
  test('every exclusion says why, and they stay few', () => {
    const excluded = samples.filter((s) => s.notRun !== undefined);
    for (const s of excluded) expect(s.notRun, s.where).toMatch(/\w{3,}/);
    expect(samples.length - excluded.length).toBeGreaterThan(excluded.length);
  });

  describe.concurrent('each runs and exits 0 within its time', () => {
    samples.forEach((sample, index) => {
      test.skipIf(sample.notRun !== undefined)(sample.where, async () => {
        const outcome = await slot(() => run(sample, index));
        const what = `${sample.where}\n${sample.code}\n--- output ---\n${outcome.output}`;
        expect(outcome.timedOut, `still running after ${SAMPLE_LIMIT_MS} ms: ${what}`).toBe(false);
        expect(outcome.code, what).toBe(0);
      }, SAMPLE_LIMIT_MS + 30_000);
    });
  });
});
