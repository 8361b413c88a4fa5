import type { WireDraft } from './draft.js';
import { setMp4Duration } from './mp4-duration.js';
import { tinyMp4 } from './tiny-mp4.js';

/**
 * Turns a draft into MP4 bytes for a render job. Plug in a real encoder (the Node server does) or anything
 * that fits a test; a rejection makes the job `failed` with the error's message.
 *
 * `info.media(url)` reads an uploaded image a segment refers to (its `url`, the upload's `cdn_url`): its
 * bytes, or undefined for anything the emulator does not hold (a video or audio upload, media added by URL,
 * an image past the emulator's limits). It is optional in the type, so renderers and callers written before
 * it still fit; the emulator always passes it.
 *
 * @example
 * ```ts
 * const emulator = createEmulator({
 *   renderer: async (draft, { media }) => {
 *     const image = draft.t[0]?.sg.find((s) => 'kind' in s && s.kind === 'image');
 *     const bytes = image && 'url' in image && image.url ? await media?.(image.url) : undefined;
 *     return myEncoder(draft, bytes);
 *   },
 * });
 * ```
 */
export type Renderer = (draft: WireDraft, info: { renderId: string; media?: MediaLookup }) => Promise<Uint8Array>;

/**
 * Reads the bytes of an uploaded image by a segment's `url`, at once or later; undefined for anything not held.
 *
 * @example
 * ```ts
 * const bytes = await media('http://127.0.0.1:4010/files/up_1a2b.png');
 * ```
 */
export type MediaLookup = (url: string) => Promise<Uint8Array | undefined> | Uint8Array | undefined;

/** The draft's aspect ratio, from `m.aspect` or else its width and height. */
function aspectOf(draft: WireDraft): WireDraft['m']['aspect'] {
  const { aspect, width, height } = draft.m ?? {};
  if (aspect === '16:9' || aspect === '9:16' || aspect === '1:1') return aspect;
  if (width && height) return width > height ? '16:9' : width < height ? '9:16' : '1:1';
  return '16:9';
}

/**
 * The default renderer: no encoder, no network. A tiny valid H.264 MP4 (one black frame, under 1 KB) in the
 * draft's aspect ratio, stretched to the draft's duration, so players and ffprobe see the right length and
 * shape. Nothing of the draft's content is drawn.
 *
 * @example
 * ```ts
 * const bytes = await tinyRenderer(draft, { renderId: 'render_1' });
 * ```
 */
export const tinyRenderer: Renderer = async (draft) => {
  const ms = Number(draft?.d);
  return setMp4Duration(tinyMp4(aspectOf(draft)), Number.isFinite(ms) && ms > 0 ? ms : 1_000);
};
