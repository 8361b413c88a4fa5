// Script in, MP4 out, from an ES module: token → session → chat → export → download.
//
//   node examples/node-esm/index.mjs [--out video.mp4] ["Your script. One scene per sentence."]
//
// With NEMO_BASE_URL set it talks to that server (NEMO_TOKEN, if set, is the token). Without it, it
// starts the bundled emulator of the API in this process, so it runs offline and spends no real credits.
// In your own project, `npm install nemo-video` and keep these imports as they are.
import { parseArgs } from 'node:util';
import { NemoVideo, NemoVideoError } from 'nemo-video';
import { summarizeTimeline } from 'nemo-video/studio';
import { downloadToFile } from 'nemo-video/node';
import { startEmulator } from 'nemo-video/testing/server';

const { values, positionals } = parseArgs({
  options: { out: { type: 'string', default: 'video.mp4' } },
  allowPositionals: true,
});
const script = positionals[0] ?? 'A lighthouse at dawn. Waves roll in. Gulls circle the tower.';

// Only start the emulator when no server was named: `startEmulator` binds 127.0.0.1 on a free port.
const emulator = process.env.NEMO_BASE_URL ? undefined : await startEmulator();
// baseURL undefined → the client reads NEMO_BASE_URL itself. No token → a free anonymous one on first call.
const nv = new NemoVideo({ baseURL: emulator?.url });

try {
  const session = await nv.sessions.create();

  // The agent answers as a stream: show its words as they come, and a hint while a tool works.
  for await (const event of nv.chat.stream(session.id, `generate an 8-second video from this script: ${script}`)) {
    if (event.type === 'text' && !event.partial) console.log(event.text);
    else if (event.type === 'tool_call') console.log(`  … ${event.name}`);
    else if (event.type === 'still_working') console.log('  ⏳ Still working...');
  }

  // What the agent built, in the one-line form the service's skill uses.
  const { draft } = await nv.state.get(session.id);
  console.log(summarizeTimeline(draft));

  // Render and wait. The real service takes 30-90 s and is polled every 30 s; an emulator is quick, so poll fast
  // (NEMO_POLL_INTERVAL_MS sets it for an emulator at NEMO_BASE_URL).
  const { url } = await nv.export(session.id, {
    interval: Number(process.env.NEMO_POLL_INTERVAL_MS) || (emulator ? 250 : undefined),
    onProgress: ({ progress }) => console.log(`render ${progress}%`),
  });

  // downloadToFile writes to a temporary name and renames at the end: no half-written video.mp4 on failure.
  const { path, bytes } = await downloadToFile(nv, url, values.out);
  console.log(`Saved ${path} (${bytes} bytes)`);
} catch (error) {
  // Every SDK failure is a NemoVideoError with a message meant for people; anything else is a bug: show its stack.
  console.error(error instanceof NemoVideoError ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await emulator?.close();
}
