import { parseArgs } from 'node:util';
import { startEmulator } from '../../emulator-server.js';
import { UsageError } from '../usage-error.js';

export const EMULATOR_HELP = `nemo-video emulator [--port 4010] [--host 127.0.0.1] [--render auto|ffmpeg|tiny] [--seed N]

Serves the whole NemoVideo API, emulated, until Ctrl-C. Point the SDK or the CLI at it with
NEMO_BASE_URL=<url> or --base-url <url>.`;

/** `nemo-video emulator`: runs the emulator server in the foreground until SIGINT / SIGTERM. */
export async function emulatorCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      render: { type: 'string', default: 'auto' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a port number, got "${values.port}".`);
  if (!['auto', 'ffmpeg', 'tiny'].includes(values.render)) throw new UsageError(`--render must be auto, ffmpeg or tiny, got "${values.render}".`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isFinite(seed)) throw new UsageError(`--seed must be a number, got "${values.seed}".`);

  const server = await startEmulator({ port, host: values.host, render: values.render as 'auto', seed });
  out.write(`NemoVideo emulator listening on ${server.url}\nUse it with: NEMO_BASE_URL=${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
