// The main job, end to end, on the embedded emulator: a text script becomes a 1080p MP4 in out/demo.mp4.
// Run it with `npm run demo` (it builds first). Point it at the real service by setting NEMO_BASE_URL.
import { mkdir } from 'node:fs/promises';
import { NemoVideo, NemoVideoError } from 'nemo-video';
import { summarizeTimeline, translateGuiText } from 'nemo-video/studio';
import { downloadToFile } from 'nemo-video/node';
import { startEmulator } from 'nemo-video/testing/server';

const SCRIPT =
  'generate a 12-second video from this script: "Urban Dreams". Cities never sleep. ' +
  'Lights flicker on across the skyline. Tomorrow starts tonight.';

const log = (line) => process.stdout.write(`${line}\n`);
// On a terminal the render bar redraws in place; in a log or a pipe, each new step is a line of its own.
const terminal = process.stdout.isTTY;

async function main() {
  const emulator = process.env.NEMO_BASE_URL ? undefined : await startEmulator();
  const nv = new NemoVideo({ baseURL: emulator?.url });
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  try {
    log(`Setting things up... (${emulator ? `emulator at ${emulator.url}` : nv.baseURL})`);
    const session = await nv.sessions.create({}, { signal: stop.signal });
    const { available } = await nv.credits.balance();
    log(`Connected: session ${session.id}, ${available} credits.\n`);

    log(`> ${SCRIPT}`);
    for await (const event of nv.chat.stream(session.id, SCRIPT, { signal: stop.signal })) {
      // The agent talks as if there were an editor to click in: its GUI phrases become what this program does.
      if (event.type === 'text' && !event.partial) log(`  ${translateGuiText(event.text).text}`);
      if (event.type === 'tool_call') log(`  [working: ${event.name}]`);
      if (event.type === 'still_working') log('  ⏳ Still working...');
      if (event.type === 'error') log(`  ! ${event.message}`);
    }

    const { draft } = await nv.state.get(session.id);
    log(`\n${summarizeTimeline(draft)}\n`);

    const started = Date.now();
    let shown = -1;
    const { url } = await nv.export(session.id, {
      // The embedded emulator renders in seconds; any other server gets the 30 s default the service asks for
      // (NEMO_POLL_INTERVAL_MS sets it for an emulator at NEMO_BASE_URL).
      interval: Number(process.env.NEMO_POLL_INTERVAL_MS) || (emulator ? 500 : undefined),
      signal: stop.signal,
      onProgress: ({ status, progress }) => {
        const line = `Rendering: ${bar(progress)} ${String(progress).padStart(3)}% ${status}`;
        if (terminal) process.stdout.write(`\r${line}   `);
        else if (progress !== shown) log(line);
        shown = progress;
      },
    });
    log(`${terminal ? '\n' : ''}Rendered in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

    await mkdir('out', { recursive: true });
    const { path, bytes } = await downloadToFile(nv, url, 'out/demo.mp4', { signal: stop.signal });
    log(`Saved ${path} (${(bytes / 1024).toFixed(0)} KB).`);
  } finally {
    await emulator?.close();
  }
}

const bar = (percent) => '█'.repeat(Math.round(percent / 5)).padEnd(20, '░');

main().catch((error) => {
  log(`\n${error instanceof NemoVideoError ? `${error.name}: ${error.message}` : error?.stack ?? error}`);
  process.exitCode = 1;
});
