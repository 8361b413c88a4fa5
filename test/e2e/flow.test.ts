/**
 * The whole journey over real HTTP: anonymous token → session → chat → upload → edit → state → export →
 * download to disk, against the emulator's server on 127.0.0.1. Once with real ffmpeg renders (checked with
 * ffprobe), once with the tiny placeholder MP4.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NemoVideo, type RenderStatus } from '../../src/index.js';
import { summarizeTimeline } from '../../src/studio/index.js';
import { downloadToFile } from '../../src/node/index.js';
import { collect, GENERATE } from './helpers/events.js';
import { ffprobe } from './helpers/ffprobe.js';
import { solidPng } from './helpers/png.js';
import { callsTo, PATHS, useEmulatorServer, type ServerHandle } from './helpers/server.js';

/** Small timings: a render "takes" 500 ms of the (real) clock and is polled every 100 ms. */
const EMULATOR = { credits: 1_000, renderMs: 500 } as const;
const POLL_MS = 100;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'nemo-e2e-flow-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs the journey with `nv`, checking each step; resolves with where the MP4 was downloaded and its size. */
async function journey(server: ServerHandle, nv: NemoVideo, name: string): Promise<{ file: string; bytes: number }> {
  // Anonymous token, acquired by the client on its first call, then a session.
  const session = await nv.sessions.create();
  expect(session.userId).toMatch(/^anon_/);
  expect(callsTo(server.emulator, PATHS.anonymousToken)).toHaveLength(1);

  // Generate: text, the tool's call and result, and a normal end.
  const events = await collect(nv.chat.stream(session.id, GENERATE));
  const kinds = events.map((e) => e.type);
  expect(kinds).toContain('text');
  expect(kinds.indexOf('tool_result')).toBeGreaterThan(kinds.indexOf('tool_call'));
  expect(kinds.indexOf('tool_call')).toBeGreaterThan(-1);
  expect(events.at(-1)).toEqual({ type: 'done', hadText: true });

  const generated = await nv.state.get(session.id);
  expect(generated.draft?.durationMs).toBe(30_000);
  expect(summarizeTimeline(generated.draft)).toMatch(/^Timeline \(/);

  // Upload an image File: parsed by the server and put on the timeline.
  const png = new File([solidPng(64, 36, [200, 80, 40])], 'cover.png', { type: 'image/png' });
  const uploaded = await nv.uploads.create(session.id, { file: png });
  expect(uploaded.files[0]).toMatchObject({ filename: 'cover.png', type: 'image', width: 64, height: 36 });
  const withImage = (await nv.state.get(session.id)).draft!;
  expect(withImage.tracks.flatMap((t) => t.segments)).toContainEqual(expect.objectContaining({ kind: 'image', url: uploaded.files[0]!.url }));

  // Edit: the turn may end without text (a share of edits do); the state tells what happened.
  await collect(nv.chat.stream(session.id, 'make it 8 seconds'));
  expect((await nv.state.get(session.id)).draft?.durationMs).toBe(8_000);

  // Export, polling every 100 ms; progress rises to 100.
  const progress: RenderStatus[] = [];
  const result = await nv.export(session.id, { interval: POLL_MS, onProgress: (s) => progress.push(s) });
  const percents = progress.map((s) => s.progress);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
  expect(percents[0]).toBeLessThan(100);
  expect(new Set(percents).size).toBeGreaterThanOrEqual(3);
  expect(progress.at(-1)).toMatchObject({ status: 'completed', progress: 100 });
  expect(progress.some((s) => s.status === 'processing')).toBe(true);
  expect(result.url.startsWith(`${server.url}/files/`)).toBe(true);

  // Download to disk.
  const file = join(work, `${name}.mp4`);
  const { bytes } = await downloadToFile(nv, result.url, file);
  expect(bytes).toBeGreaterThan(0);
  return { file, bytes };
}

describe('with real renders (ffmpeg)', () => {
  const server = useEmulatorServer({ ...EMULATOR, render: 'ffmpeg', renderScale: 0.25 });

  it('token → session → chat → upload → edit → export → a playable 8 s H.264 MP4 on disk', async () => {
    const { file } = await journey(server, server.client(), 'ffmpeg');
    const probe = await ffprobe(file);
    expect(probe.format.format_name).toContain('mp4');
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video?.codec_name).toBe('h264');
    expect([video?.width, video?.height]).toEqual([480, 270]); // 16:9 at renderScale 0.25
    expect(Math.abs(Number(probe.format.duration) - 8)).toBeLessThanOrEqual(0.1);
  });
});

describe('with the tiny placeholder renderer', () => {
  const server = useEmulatorServer({ ...EMULATOR, render: 'tiny' });

  it('the same journey ends with an MP4 that starts with an ftyp box', async () => {
    const { file, bytes } = await journey(server, server.client(), 'tiny');
    const mp4 = await readFile(file);
    expect(mp4.length).toBe(bytes);
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
  });
});
