// Script in, MP4 out, from CommonJS: token → session → chat → export → download.
//
//   node examples/node-cjs/index.cjs [--out video.mp4] ["Your script. One scene per sentence."]
//
// The same flow as examples/node-esm, with require(): the package ships a CommonJS build, so this works on
// Node 20 without require(esm). With NEMO_BASE_URL set it talks to that server; without it, it starts the
// bundled emulator in this process, so it runs offline and spends no real credits.
'use strict';
const { parseArgs } = require('node:util');
const { NemoVideo, NemoVideoError } = require('nemo-video');
const { summarizeTimeline } = require('nemo-video/studio');
const { downloadToFile } = require('nemo-video/node');
const { startEmulator } = require('nemo-video/testing/server');

async function main() {
  const { values, positionals } = parseArgs({
    options: { out: { type: 'string', default: 'video.mp4' } },
    allowPositionals: true,
  });
  const script = positionals[0] ?? 'A lighthouse at dawn. Waves roll in. Gulls circle the tower.';

  // Only start the emulator when no server was named: it binds 127.0.0.1 on a free port.
  const emulator = process.env.NEMO_BASE_URL ? undefined : await startEmulator();
  // baseURL undefined → the client reads NEMO_BASE_URL itself. No token → a free anonymous one on first call.
  const nv = new NemoVideo({ baseURL: emulator && emulator.url });
  try {
    const session = await nv.sessions.create();

    // finalText() reads the whole turn and returns the agent's words: the short form when nothing is shown live.
    console.log(await nv.chat.stream(session.id, `generate an 8-second video from this script: ${script}`).finalText());

    const { draft } = await nv.state.get(session.id);
    console.log(summarizeTimeline(draft));

    // Render and wait. The real service takes 30-90 s and is polled every 30 s; an emulator is quick, so poll fast
    // (NEMO_POLL_INTERVAL_MS sets it for an emulator at NEMO_BASE_URL).
    const { url } = await nv.export(session.id, {
      interval: Number(process.env.NEMO_POLL_INTERVAL_MS) || (emulator ? 250 : undefined),
      onProgress: ({ progress }) => console.log(`render ${progress}%`),
    });

    // Written to a temporary name and renamed at the end: no half-written file on failure.
    const { path, bytes } = await downloadToFile(nv, url, values.out);
    console.log(`Saved ${path} (${bytes} bytes)`);
  } finally {
    if (emulator) await emulator.close();
  }
}

main().catch((error) => {
  // Every SDK failure is a NemoVideoError with a message meant for people; anything else is a bug: show its stack.
  console.error(error instanceof NemoVideoError ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
