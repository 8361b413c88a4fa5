/**
 * Starts the emulator's HTTP server on 127.0.0.1 for the browser tests and hands its URL to the page
 * with `provide` (read it with `inject('emulatorUrl')`); closes it when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { startEmulator } from '../../src/testing/server/start-emulator.js';
import { startUploadGate } from './upload-gate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the emulator server. */
    emulatorUrl: string;
    /** The same emulator behind a door that holds uploads until the page asks `GET /__release` (upload-gate.ts). */
    uploadGateUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startEmulator({
    host: '127.0.0.1',
    // The placeholder MP4 (a real, small H.264 file): what is checked here is the bundle in a browser, not ffmpeg.
    render: 'tiny',
    renderMs: 1_000,
    // Every turn that edits answers with text, whichever order the test files run in.
    silentEditRate: 0,
  });
  const gate = await startUploadGate(server.emulator);
  project.provide('emulatorUrl', server.url);
  project.provide('uploadGateUrl', gate.url);
  return async () => {
    await gate.close();
    await server.close();
  };
}
