/**
 * Uploaded images in the emulator's real renders: uploaded through the SDK over HTTP, rendered with ffmpeg,
 * and read back frame by frame. A picture is fitted into the frame (aspect kept, centred, letterboxed on
 * black), and an image ffmpeg cannot decode is drawn as the labelled card without failing the render.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadToFile } from '../../src/node/index.js';
import { tryRenderDraftToMp4 } from '../../src/testing/server/render/index.js';
import { TRACK, type WireDraft } from '../../src/testing/draft.js';
import { frameAt, near, pixel } from './helpers/frames.js';
import { solidPng } from './helpers/png.js';
import { useEmulatorServer } from './helpers/server.js';

/** 16:9 at renderScale 0.25. */
const [W, H] = [480, 270];
const RED = [255, 0, 0] as const;
const BLACK = [0, 0, 0] as const;
/** The card's panel colour (graph.ts), where an image cannot be drawn. */
const CARD = [0x2b, 0x2f, 0x3a] as const;

/** A red picture twice as tall as wide: in a 16:9 frame it is fitted to 135x270, with 172 px bands each side. */
const tallRed = () => new File([solidPng(100, 200, [255, 0, 0])], 'tall-red.png', { type: 'image/png' });
/** A "png" ffmpeg cannot decode: the signature, then nonsense. */
const brokenPng = () =>
  new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode('not an image at all')])], 'broken.png', {
    type: 'image/png',
  });

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'nemo-e2e-images-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('uploaded images in real renders', () => {
  const server = useEmulatorServer({ credits: 1_000, renderMs: 200, render: 'ffmpeg', renderScale: 0.25 });

  /** Uploads `files` one by one (each a 3 s segment, in order), exports, and downloads the MP4. */
  async function renderUploads(name: string, files: File[]): Promise<string> {
    const nv = server.client();
    const session = await nv.sessions.create();
    for (const file of files) await nv.uploads.create(session.id, { file });
    const { url } = await nv.export(session.id, { interval: 50 });
    const path = join(work, `${name}.mp4`);
    await downloadToFile(nv, url, path);
    return path;
  }

  it('draws an uploaded image fitted into the frame: the picture in the middle, black bands, not stretched', async () => {
    const file = await renderUploads('fitted', [tallRed()]);
    const frame = await frameAt(file, 1.5);
    expect(frame.length).toBe(W * H * 3);
    expect(near(pixel(frame, W, W / 2, H / 2), RED)).toBe(true);
    // Inside the picture's 135 px column, top to bottom.
    expect(near(pixel(frame, W, W / 2 - 50, 5), RED)).toBe(true);
    expect(near(pixel(frame, W, W / 2 + 50, H - 5), RED)).toBe(true);
    // The bands either side are the background, not red: fitted, not stretched.
    for (const x of [10, 150, W - 150, W - 10]) expect(near(pixel(frame, W, x, H / 2), BLACK)).toBe(true);
  });

  it('draws an image ffmpeg cannot decode as the labelled card, and still shows the good one', async () => {
    const file = await renderUploads('fallback', [brokenPng(), tallRed()]);
    expect(near(pixel(await frameAt(file, 1.5), W, W / 2, H / 2), CARD)).toBe(true);
    const good = await frameAt(file, 4.5);
    expect(near(pixel(good, W, W / 2, H / 2), RED)).toBe(true);
    expect(near(pixel(good, W, 10, H / 2), BLACK)).toBe(true);
  });
});

describe('tryRenderDraftToMp4 with images', () => {
  const image = (id: string, start: number, url: string, color?: string) => ({ id, start, d: 1000, kind: 'image' as const, label: id, url, ...(color && { color }) });
  const draft: WireDraft = {
    d: 4000,
    m: { width: 1920, height: 1080, aspect: '16:9' },
    t: [
      {
        tt: TRACK.video,
        sg: [
          image('wide', 0, 'https://cdn.test/files/wide.png', '#0000ff'),
          image('gone', 1000, 'https://cdn.test/files/gone.png'),
          image('bad', 2000, 'https://cdn.test/files/bad.png'),
          image('clear', 3000, 'https://cdn.test/files/clear.png', '#00ff00'),
        ],
      },
      { tt: TRACK.text, sg: [{ id: 't', start: 0, d: 1000, role: 'title', text: 'Over the picture' }] },
    ],
  };
  const media: Record<string, Uint8Array> = {
    'https://cdn.test/files/wide.png': solidPng(400, 100, [255, 0, 0]),
    'https://cdn.test/files/bad.png': new TextEncoder().encode('garbage'),
    // Red, but wholly transparent: what shows is the segment's colour.
    'https://cdn.test/files/clear.png': solidPng(100, 100, [255, 0, 0], 0),
  };

  it('letterboxes on the segment colour, shows that colour through transparency, draws the title over it, and names each image drawn as a card', async () => {
    const outcome = await tryRenderDraftToMp4(draft, { scale: 0.25, media: (url) => media[url], tmpDir: work });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.info.warnings).toEqual([
      'image https://cdn.test/files/gone.png is not held by the emulator: drawn as a card',
      'image https://cdn.test/files/bad.png could not be decoded by ffmpeg: drawn as a card',
    ]);
    const file = join(work, 'direct.mp4');
    await writeFile(file, outcome.mp4);
    const frame = await frameAt(file, 0.5);
    // 4:1 in 16:9: 480x120, blue bands of 75 px above and below.
    expect(near(pixel(frame, W, 5, 20), [0, 0, 255])).toBe(true);
    expect(near(pixel(frame, W, 5, H / 2 + 30), RED)).toBe(true);
    expect(near(pixel(frame, W, 5, H - 20), [0, 0, 255])).toBe(true);
    // The title's white text lies over the picture somewhere along the middle row.
    const row = Array.from({ length: W }, (_, x) => pixel(frame, W, x, H / 2));
    expect(row.some(([r, g, b]) => r > 200 && g > 200 && b > 200)).toBe(true);
    expect(near(pixel(await frameAt(file, 1.5), W, W / 2, H / 2), CARD)).toBe(true);
    expect(near(pixel(await frameAt(file, 2.5), W, W / 2, H / 2), CARD)).toBe(true);
    expect(near(pixel(await frameAt(file, 3.5), W, W / 2, H / 2), [0, 255, 0])).toBe(true);
  });
});
