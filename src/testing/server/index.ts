/**
 * `nemo-video/testing/server`: the emulator over real HTTP on 127.0.0.1, with real MP4 renders through
 * ffmpeg where `@ffmpeg-installer/ffmpeg` is installed. Node only; the emulator itself is the isomorphic
 * `nemo-video/testing`.
 *
 * @example
 * ```ts
 * import { NemoVideo } from 'nemo-video';
 * import { startEmulator } from 'nemo-video/testing/server';
 *
 * const emulator = await startEmulator({ port: 0 });
 * const nv = new NemoVideo({ baseURL: emulator.url });
 * await emulator.close();
 * ```
 *
 * @module
 */
export { startEmulator, type StartEmulatorOptions, type RunningEmulator } from './start-emulator.js';
export type { RunningServer } from './serve.js';
