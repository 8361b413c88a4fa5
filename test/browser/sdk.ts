/**
 * The built ESM bundle, as a browser app would load it: Vite serves `dist/index.js`, `dist/studio.js` and their dependencies
 * (ky, zod, eventsource-parser) from node_modules. `npm test` builds before anything reads dist/.
 */
import * as client from '../../dist/index.js';
import * as studio from '../../dist/studio.js';

/** The two isomorphic entry points a page uses, `nemo-video` and `nemo-video/studio`, as one namespace. */
export const sdk = { ...client, ...studio };
export type * as Sdk from '../../dist/index.js';

/** A fetch that records every URL the client asks for, then sends it. */
export function recordingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    },
  };
}

/** A small real PNG drawn in the page. */
export async function pngFile(name = 'cover.png', width = 64, height = 36): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#3366ff';
  context.fillRect(0, 0, width, height);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new File([blob], name, { type: 'image/png' });
}
