/**
 * End-to-end checks of the emulator's renderer: real ffmpeg renders, inspected with ffprobe.
 * Needs `@ffmpeg-installer/ffmpeg` (optional dependency), `@ffprobe-installer/ffprobe` (dev dependency) and
 * the font packages `dejavu-fonts-ttf` and `@fontsource/noto-sans-sc`.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureExecutable,
  locateFfmpeg,
  locateFonts,
  renderDraftToFile,
  renderDraftToMp4,
  RenderError,
  tryRenderDraftToMp4,
} from '../../src/testing/server/render/index.js';
import { TRACK, type WireDraft } from '../../src/testing/draft.js';
import { ffprobe as probe, type Probe } from './helpers/ffprobe.js';
import { frameAt, near, pixel } from './helpers/frames.js';

const run = promisify(execFile);

let ffmpeg: string;
let work: string;

beforeAll(async () => {
  const located = await locateFfmpeg();
  if (!located.ok) throw new Error(`ffmpeg is needed for these tests: ${located.reason}`);
  ffmpeg = located.path;
  work = await mkdtemp(join(tmpdir(), 'nemo-render-test-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Checks the MP4 at `file` against the brief: H.264 yuv420p at `width`x`height`, AAC, `durationMs` ±0.1 s. */
async function expectPlayableMp4(file: string, width: number, height: number, durationMs: number): Promise<Probe> {
  const info = await probe(file);
  expect(info.format.format_name).toContain('mp4');
  const video = info.streams.find((s) => s.codec_type === 'video');
  const audio = info.streams.find((s) => s.codec_type === 'audio');
  expect(video?.codec_name).toBe('h264');
  expect(video?.pix_fmt).toBe('yuv420p');
  expect(video?.width).toBe(width);
  expect(video?.height).toBe(height);
  expect(audio?.codec_name).toBe('aac');
  expect(Math.abs(Number(info.format.duration) - durationMs / 1000)).toBeLessThanOrEqual(0.1);
  expect(Math.abs(Number(video?.duration) - durationMs / 1000)).toBeLessThanOrEqual(0.1);
  expect(Math.abs(Number(audio?.duration) - durationMs / 1000)).toBeLessThanOrEqual(0.1);
  return info;
}

/** Share of pixels in rows [y0, y1) that are near-white (text fill). */
function whiteShare(frame: Buffer, width: number, y0: number, y1: number): number {
  let white = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(frame, width, x, y);
      if (r > 200 && g > 200 && b > 200) white++;
    }
  }
  return white / ((y1 - y0) * width);
}

/** 8 s, 16:9: two backgrounds, a title, three captions (one Chinese), BGM. */
function landscapeDraft(): WireDraft {
  return {
    d: 8000,
    m: { title: 'Renderer check', width: 1920, height: 1080, aspect: '16:9' },
    t: [
      {
        tt: TRACK.video,
        sg: [
          { id: 'v1', start: 0, d: 4000, kind: 'background', label: 'city timelapse', color: '#1d3557' },
          { id: 'v2', start: 4000, d: 4000, kind: 'background', label: 'ocean', color: '#2a9d8f' },
        ],
      },
      {
        tt: TRACK.text,
        sg: [
          { id: 't0', start: 0, d: 2500, role: 'title', text: "Nemo's 100% test: a \\ title, [with] {braces}; ok?" },
          { id: 'c1', start: 2500, d: 1800, role: 'caption', text: 'First caption: "quotes", colons: and 50% off' },
          { id: 'c2', start: 4300, d: 1900, role: 'caption', text: '第二句字幕：中文 and English together' },
          { id: 'c3', start: 6200, d: 1800, role: 'caption', text: "Third caption, it's the last one \\o/" },
        ],
      },
      { tt: TRACK.audio, sg: [{ id: 'a1', start: 0, d: 8000, name: 'Lo-fi', volume: 0.35 }] },
    ],
  };
}

/** 6 s, 9:16: a background, a long title that has to wrap, one caption, BGM over part of it. */
function portraitDraft(): WireDraft {
  return {
    d: 6000,
    m: { width: 1080, height: 1920, aspect: '9:16' },
    t: [
      { tt: TRACK.video, sg: [{ id: 'v1', start: 0, d: 6000, kind: 'background', label: 'sunset', color: '#e76f51' }] },
      {
        tt: TRACK.text,
        sg: [
          { id: 't0', start: 0, d: 3000, role: 'title', text: 'A vertical video title long enough to wrap onto lines' },
          { id: 'c1', start: 3000, d: 3000, role: 'caption', text: '竖屏字幕测试，一句比较长的中文字幕需要换行显示。' },
        ],
      },
      { tt: TRACK.audio, sg: [{ id: 'a1', start: 1000, d: 4000, name: 'Chill', volume: 0.5 }] },
    ],
  };
}

describe('renderDraftToFile', () => {
  it('finds both fonts (Latin and CJK)', async () => {
    const fonts = await locateFonts();
    expect(fonts.latin).toMatch(/DejaVuSans-Bold\.ttf$/);
    expect(fonts.cjk).toMatch(/noto-sans-sc-chinese-simplified-700-normal\.woff$/);
  });

  it('renders an 8 s 16:9 draft (title, 3 captions incl. Chinese, BGM) to 1920x1080 H.264 + AAC', async () => {
    const draft = landscapeDraft();
    const out = join(work, 'landscape.mp4');
    const info = await renderDraftToFile(draft, out);
    console.log(`8 s 1920x1080 render: ${info.elapsedMs} ms`);
    expect(info.warnings).toEqual([]);
    expect([info.width, info.height]).toEqual([1920, 1080]);
    await expectPlayableMp4(out, 1920, 1080, 8000);

    // Backgrounds: the first colour before 4 s, the second after (sampled in a corner, away from text).
    const w = 1920;
    expect(near(pixel(await frameAt(out, 1), w, 20, 20), [0x1d, 0x35, 0x57])).toBe(true);
    expect(near(pixel(await frameAt(out, 5), w, 20, 20), [0x2a, 0x9d, 0x8f])).toBe(true);
    // Title: white text in the middle band at 1 s; nothing white in the lower third then.
    const titleFrame = await frameAt(out, 1);
    expect(whiteShare(titleFrame, w, 440, 640)).toBeGreaterThan(0.01);
    expect(whiteShare(titleFrame, w, 800, 960)).toBe(0);
    // Chinese caption: white glyphs in the lower third at 5 s, none in the middle band.
    const captionFrame = await frameAt(out, 5);
    expect(whiteShare(captionFrame, w, 800, 960)).toBeGreaterThan(0.005);
    expect(whiteShare(captionFrame, w, 440, 640)).toBe(0);
  }, 60_000);

  it('renders a 9:16 draft to 1080x1920', async () => {
    const out = join(work, 'portrait.mp4');
    const info = await renderDraftToFile(portraitDraft(), out);
    expect(info.warnings).toEqual([]);
    await expectPlayableMp4(out, 1080, 1920, 6000);
  }, 60_000);

  it('renders a square draft, and a non-whole number of frames, within 0.1 s', async () => {
    const draft: WireDraft = {
      d: 3210,
      m: { width: 1080, height: 1080, aspect: '1:1' },
      t: [{ tt: TRACK.text, sg: [{ id: 't', start: 0, d: 3210, role: 'title', text: 'Square' }] }],
    };
    const out = join(work, 'square.mp4');
    await renderDraftToFile(draft, out, { fps: 24 });
    await expectPlayableMp4(out, 1080, 1080, 3210);
  }, 60_000);

  it('scales the frame down on request', async () => {
    const out = join(work, 'half.mp4');
    const info = await renderDraftToFile(landscapeDraft(), out, { scale: 0.5 });
    expect([info.width, info.height]).toEqual([960, 540]);
    await expectPlayableMp4(out, 960, 540, 8000);
  }, 60_000);

  it('draws uploaded image/video segments as labelled cards', async () => {
    const draft: WireDraft = {
      d: 2000,
      m: { width: 1920, height: 1080, aspect: '16:9' },
      t: [
        {
          tt: TRACK.video,
          sg: [
            { id: 'i', start: 0, d: 1000, kind: 'image', label: 'product shot', url: 'https://cdn.test/a.png' },
            { id: 'v', start: 1000, d: 1000, kind: 'video', label: '', url: 'https://cdn.test/b.mp4' },
          ],
        },
      ],
    };
    const out = join(work, 'cards.mp4');
    await renderDraftToFile(draft, out, { scale: 0.5 });
    await expectPlayableMp4(out, 960, 540, 2000);
  }, 60_000);
});

describe('renderDraftToMp4', () => {
  it('copes with quotes, colons, commas and brackets in the work-dir and font paths', async () => {
    const odd = join(work, "we:ird, dir's [x]; 100%");
    await mkdir(odd, { recursive: true });
    const fonts = await locateFonts();
    const latin = join(odd, "font's:copy.ttf");
    await copyFile(fonts.latin ?? '', latin);
    const mp4 = await renderDraftToMp4(landscapeDraft(), { tmpDir: odd, scale: 0.25, fonts: { latin } });
    expect(new TextDecoder().decode(mp4.subarray(4, 8))).toBe('ftyp');
  }, 60_000);

  it('returns the MP4 bytes and leaves nothing in tmpDir', async () => {
    const tmpDir = join(work, 'bytes-tmp');
    const mp4 = await renderDraftToMp4(portraitDraft(), { tmpDir, scale: 0.25 });
    // An MP4 starts with a box whose type is ftyp.
    expect(new TextDecoder().decode(mp4.subarray(4, 8))).toBe('ftyp');
    expect(await readdir(tmpDir)).toEqual([]);
  }, 60_000);

  it('kills ffmpeg on abort, rejects with code aborted and cleans up', async () => {
    const tmpDir = join(work, 'abort-tmp');
    const long: WireDraft = { ...landscapeDraft(), d: 600_000 };
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('user cancelled')), 300);
    const error = await renderDraftToMp4(long, { tmpDir, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await readdir(tmpDir)).toEqual([]);
  }, 30_000);

  it('rejects with code timeout when ffmpeg runs too long', async () => {
    const long: WireDraft = { ...landscapeDraft(), d: 600_000 };
    const error = await renderDraftToMp4(long, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect((error as RenderError).code).toBe('timeout');
  }, 30_000);

  it('rejects a malformed draft with code invalid-draft', async () => {
    const error = await renderDraftToMp4({ ...landscapeDraft(), d: 0 }).catch((e: unknown) => e);
    expect((error as RenderError).code).toBe('invalid-draft');
  });
});

describe('ensureExecutable', () => {
  it('makes a binary executable when install scripts did not (npm may skip the chmod postinstall)', async () => {
    const file = join(work, 'tool.sh');
    await writeFile(file, '#!/bin/sh\necho ok\n', { mode: 0o644 });
    const runnable = await ensureExecutable(file);
    expect((await stat(runnable)).mode & 0o100).toBe(0o100);
    expect((await run(runnable, [])).stdout.trim()).toBe('ok');
  });
});

describe('when ffmpeg is missing', () => {
  it('locateFfmpeg reports a missing package without throwing', async () => {
    const found = await locateFfmpeg(undefined, '@nemo-video-test/no-such-ffmpeg');
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.reason).toContain('@nemo-video-test/no-such-ffmpeg');
  });

  it('tryRenderDraftToMp4 answers ffmpeg-unavailable so the caller can fall back', async () => {
    const outcome = await tryRenderDraftToMp4(landscapeDraft(), { ffmpegPath: join(work, 'no-ffmpeg-here') });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.code).toBe('ffmpeg-unavailable');
  });
});
