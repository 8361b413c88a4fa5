/**
 * The built ESM bundle, as a browser app would load it: Vite serves `dist/index.js` and its dependencies
 * (ky, zod, eventsource-parser) from node_modules. Typed by the source it is built from, because
 * `npm test` typechecks before it builds, when dist/ may not exist yet.
 */
import type * as Sdk from '../../src/index.js';

// A variable, not a literal, so that `tsc` does not look for dist/ (Vite leaves the import as it is).
const bundle = '../../dist/index.js';

export const sdk = (await import(/* @vite-ignore */ bundle)) as typeof Sdk;
export type { Sdk };

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
