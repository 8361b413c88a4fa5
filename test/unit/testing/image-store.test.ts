/** The emulator keeps uploaded images for its renderer, bounded, and hands them over through `info.media`. */
import { describe, expect, test } from 'vitest';
import { ImageStore } from '../../../src/testing/backend/image-store.js';
import type { Renderer } from '../../../src/testing/index.js';
import { emulated } from '../helpers/emulator.js';

const blob = (size: number, fill = 1) => new Blob([new Uint8Array(size).fill(fill)]);

describe('ImageStore', () => {
  test('reads an image by its upload URL from any origin, or by its bare name', async () => {
    const images = new ImageStore();
    images.keep('up_1.png', new Blob([new Uint8Array([1, 2, 3])]));
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await images.read('https://emulator.test/files/up_1.png')).toEqual(bytes);
    expect(await images.read('http://127.0.0.1:4010/files/up_1.png?x=1')).toEqual(bytes);
    expect(await images.read('up_1.png')).toEqual(bytes);
    expect(await images.read('https://cdn.example/elsewhere/up_1.png')).toBeUndefined();
    expect(await images.read('https://emulator.test/files/up_2.png')).toBeUndefined();
  });

  test('does not keep an image over the per-file limit', async () => {
    const images = new ImageStore({ maxBytes: 100, maxFileBytes: 10 });
    expect(images.keep('big.png', blob(11))).toBe(false);
    expect(images.keep('ok.png', blob(10))).toBe(true);
    expect(await images.read('big.png')).toBeUndefined();
    expect(images.size).toBe(10);
  });

  test('drops the oldest images past the total limit, and never holds more than it', async () => {
    const images = new ImageStore({ maxBytes: 25, maxFileBytes: 10 });
    for (const name of ['a', 'b', 'c', 'd']) {
      images.keep(name, blob(10));
      expect(images.size).toBeLessThanOrEqual(25);
    }
    expect(await images.read('a')).toBeUndefined();
    expect(await images.read('b')).toBeUndefined();
    expect(await images.read('c')).toEqual(new Uint8Array(10).fill(1));
    expect(await images.read('d')).toEqual(new Uint8Array(10).fill(1));
    // The same name again replaces the old bytes rather than counting twice.
    images.keep('d', blob(5, 2));
    expect(images.size).toBe(15);
    expect(await images.read('d')).toEqual(new Uint8Array(5).fill(2));
  });
});

describe("the renderer's media lookup", () => {
  test('gives a renderer the bytes of uploaded images, and nothing for video or media added by URL', async () => {
    const seen: Array<{ url: string; bytes: Uint8Array | undefined }> = [];
    const renderer: Renderer = async (draft, { media }) => {
      for (const seg of draft.t.flatMap((t) => t.sg)) {
        if ('url' in seg && seg.url) seen.push({ url: seg.url, bytes: await media?.(seg.url) });
      }
      return new Uint8Array([0, 0, 0, 8, 0x66, 0x74, 0x79, 0x70]);
    };
    const { emulator, nv } = emulated({ renderer, renderMs: 0, credits: 1_000 });
    const session = await nv.sessions.create();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9, 9]);
    const image = (await nv.uploads.create(session.id, { file: new File([png], 'cover.png', { type: 'image/png' }) })).files[0]!;
    const clip = (await nv.uploads.create(session.id, { file: new File([new Uint8Array(64)], 'clip.mp4', { type: 'video/mp4' }) })).files[0]!;
    const linked = (await nv.uploads.fromUrls(session.id, ['https://cdn.example/photo.jpg'])).files[0]!;
    const { draft } = await nv.state.get(session.id);
    await nv.renders.create({ sessionId: session.id, draft: draft! });
    await emulator.idle();
    expect(seen).toEqual([
      { url: image.url, bytes: png },
      { url: clip.url, bytes: undefined },
      { url: linked.url, bytes: undefined },
    ]);
  });
});
