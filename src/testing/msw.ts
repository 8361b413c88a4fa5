import { http, type HttpHandler } from 'msw';
import type { Emulator } from './emulator.js';

/**
 * `nemo-video/testing/msw`: the emulator as msw handlers. msw is an optional peer dependency of nemo-video:
 * only this entry imports it.
 *
 * @module
 */

/**
 * msw request handlers that send every request to `baseURL`'s origin (any path: the path of `baseURL` is
 * ignored) to the emulator.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createEmulator } from 'nemo-video/testing';
 * import { emulatorHandlers } from 'nemo-video/testing/msw';
 *
 * const emulator = createEmulator();
 * const server = setupServer(...emulatorHandlers(emulator, 'https://emulator.test'));
 * server.listen();
 * const nv = new NemoVideo({ baseURL: 'https://emulator.test' });
 * ```
 */
export function emulatorHandlers(emulator: Pick<Emulator, 'handle'>, baseURL: string): HttpHandler[] {
  const origin = new URL(baseURL).origin;
  // The emulator's paths are absolute from the origin (outputUrl, /files/…), so it is mounted at the origin.
  return [http.all(`${origin}/*`, ({ request }) => emulator.handle(request))];
}
