import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator.js';
import { tinyRenderer, type Renderer } from '../renderer.js';
import { locateFfmpeg, tryRenderDraftToMp4 } from './render/index.js';
import { serve, type RunningServer } from './serve.js';

/**
 * Options of {@link startEmulator}: the emulator's own, plus where to listen and how to render.
 *
 * @example
 * ```ts
 * await startEmulator({ port: 4010, render: 'tiny', seed: 7 });
 * ```
 */
export interface StartEmulatorOptions extends Omit<EmulatorOptions, 'renderer'> {
  /**
   * @default 0 (any free port; read it from `url`)
   */
  port?: number;
  /**
   * @default '127.0.0.1' (the emulator is for this machine only)
   */
  host?: string;
  /**
   * `auto` (default): real MP4s with ffmpeg when `@ffmpeg-installer/ffmpeg` is installed, else a tiny
   * placeholder MP4; `ffmpeg`: real MP4s or a failed render; `tiny`: always the placeholder.
   * @default 'auto'
   */
  render?: 'auto' | 'ffmpeg' | 'tiny';
  /**
   * Frame-size factor for real renders (0.5 renders 960x540 for 16:9), for speed.
   * @default 1
   */
  renderScale?: number;
}

/**
 * A running emulator server.
 *
 * @example
 * ```ts
 * const server = await startEmulator();
 * const nv = new NemoVideo({ baseURL: server.url });
 * await server.close();
 * ```
 */
export interface RunningEmulator extends RunningServer {
  /** The emulator behind the server: inject faults, read its request log, make users. */
  emulator: Emulator;
}

/**
 * Serves the whole NemoVideo API, emulated, over HTTP on 127.0.0.1 with CORS for browser pages; render jobs
 * produce real H.264 MP4s when ffmpeg is installed. For tests, demos, and trying the SDK without credits.
 *
 * @example
 * ```ts
 * import { NemoVideo } from 'nemo-video';
 * import { startEmulator } from 'nemo-video/testing/server';
 * const server = await startEmulator();
 * const nv = new NemoVideo({ baseURL: server.url });
 * ```
 */
export async function startEmulator({ port, host, render = 'auto', renderScale, ...options }: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = createEmulator({ ...options, renderer: pickRenderer(render, renderScale) });
  const server = await serve((request) => emulator.handle(request), { port, host });
  return { ...server, emulator };
}

function pickRenderer(mode: StartEmulatorOptions['render'], scale: number | undefined): Renderer {
  if (mode === 'tiny') return tinyRenderer;
  // One render at a time: each ffmpeg run takes every core it can get.
  let queue: Promise<unknown> = Promise.resolve();
  return async (draft, info) => {
    // Without ffmpeg, `auto` goes straight to the tiny MP4: no queue, no work folder, no render plan.
    if (mode === 'auto' && !(await locateFfmpeg()).ok) return tinyRenderer(draft, info);
    const run = queue.then(async () => {
      const outcome = await tryRenderDraftToMp4(draft, { scale, ...(info.media && { media: info.media }) });
      if (outcome.ok) return outcome.mp4;
      throw new Error(`Render failed (${outcome.code}): ${outcome.error.message}`);
    });
    queue = run.catch(() => undefined);
    return run;
  };
}
