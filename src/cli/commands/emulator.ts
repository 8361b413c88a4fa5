import { startEmulator } from 'nemo-video/testing/server';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { orphanedUnderNpm } from '../parent-watch.js';

/** Credits of each new anonymous user when `--credits` is not given. */
const TOUR_CREDITS = 1000;

/** `nemo-video emulator`: runs the emulator server in the foreground until Ctrl-C / SIGTERM. */
export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'serve the NemoVideo API, emulated, on 127.0.0.1 (for trying things without credits)',
  help: `nemo-video emulator [--port 4010] [--host 127.0.0.1] [--render auto|ffmpeg|tiny] [--seed N] [--credits N]

Serves the whole NemoVideo API, emulated, until Ctrl-C. Point the SDK or the CLI at it with
NEMO_BASE_URL=<url> or --base-url <url>. Renders are real H.264 MP4s when @ffmpeg-installer/ffmpeg is
installed (--render auto), else a tiny placeholder MP4.

Options:
  --port <n>       the port (default 4010; 0 for any free one)
  --host <addr>    the address to listen on (default 127.0.0.1)
  --render <how>   auto, ffmpeg (real MP4s or a failed render) or tiny (always the placeholder)
  --seed <n>       the seed of the emulated agent's choices
  --credits <n>    credits of each new anonymous user (default 1000: a generation and many edits,
                   where the real service gives 100)`,
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    render: { type: 'string', default: 'auto' },
    seed: { type: 'string' },
    credits: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  stopsOnInterrupt: true,
  async run(ctx, { values }) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a port number, got "${values.port}".`);
    const render = values.render as string;
    if (!['auto', 'ffmpeg', 'tiny'].includes(render)) throw new UsageError(`--render must be auto, ffmpeg or tiny, got "${render}".`);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isFinite(seed)) throw new UsageError(`--seed must be a number, got "${values.seed}".`);

    // More than the real service's 100, so the README's whole tour (a generation, edits, exports) fits.
    const credits = values.credits === undefined ? TOUR_CREDITS : Number(values.credits);
    if (credits !== undefined && !(Number.isInteger(credits) && credits >= 0)) throw new UsageError(`--credits must be a whole number, got "${values.credits}".`);

    // Ctrl-C, SIGTERM, or (run through npm) the parent's death: see parent-watch.ts.
    const stop = AbortSignal.any([ctx.signal, orphanedUnderNpm()]);
    const server = await startEmulator({ port, host: values.host as string, render: render as 'auto', seed, credits });
    ctx.out.result({ url: server.url }, [`NemoVideo emulator listening on ${server.url}`, `Use it with: NEMO_BASE_URL=${server.url}`]);
    await new Promise<void>((resolve) => {
      if (stop.aborted) resolve();
      else stop.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return 0;
  },
};
