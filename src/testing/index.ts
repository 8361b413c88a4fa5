/**
 * `nemo-video/testing`: an in-memory emulator of the NemoVideo service for tests and demos. Isomorphic (no
 * Node built-ins, no msw). The msw handlers are in `nemo-video/testing/msw`, so that only their users need msw.
 *
 * @example
 * ```ts
 * import { NemoVideo } from 'nemo-video';
 * import { createEmulator, manualClock } from 'nemo-video/testing';
 *
 * const clock = manualClock();
 * const emulator = createEmulator({ clock });
 * const nv = new NemoVideo({ baseURL: 'https://emulator.test', fetch: (input, init) => emulator.handle(new Request(input, init)) });
 * const session = await nv.sessions.create();
 * await nv.chat.stream(session.id, 'generate a 30-second video from this script: Cities never sleep.').finalText();
 * const { url } = await nv.export(session.id, { interval: 1, onProgress: () => clock.advance(1_000) });
 * ```
 *
 * @module
 */
export { createEmulator, type Emulator, type EmulatorOptions, type EmulatorUser, type RequestRecord } from './emulator.js';
export { manualClock, systemClock, type Clock, type ManualClock } from './clock.js';
export type { Faults, FaultSpec, FaultKind, FaultHandle, FaultScope, CodeFault, StreamFault } from './faults.js';
export { tinyRenderer, type MediaLookup, type Renderer } from './renderer.js';
export { tinyMp4 } from './tiny-mp4.js';
export { TRACK, type WireDraft, type WireTrack, type VisualSegment, type TextSegment, type AudioSegment } from './draft.js';
