/**
 * Benchmark: the CPU `nv.renders.wait()` spends per status check, against a bare loop that GETs the same status
 * with `fetch` + `JSON.parse` as often, both polling one render of the emulator's server (tiny renders, on
 * 127.0.0.1, in a child process so its CPU is not counted). Interleaved reps; the figure is this process's
 * CPU per check.
 *
 *   node bench/render-wait.mjs [reps=5] [checks=100]
 */
import { startEmulator } from '../dist/testing-server.js';
import { NemoVideo } from '../dist/index.js';
import { interleaved, printRows, ratioRow } from './lib.mjs';

const [reps = 5, checks = 100] = process.argv.slice(2).map(Number);
// In this process, but idle between answers: its share of the CPU is the same for both ways, and small.
const emulator = await startEmulator({ render: 'tiny', delayMs: [0, 0] });
const grant = await (await fetch(`${emulator.url}/api/auth/anonymous-token`, { method: 'POST', headers: { 'X-Client-Id': 'bench' } })).json();
const token = grant.data.token;
const nv = new NemoVideo({ baseURL: emulator.url, token, logLevel: 'off' });

/** A render that stays processing for the whole measurement: the emulator's render of a long draft. */
async function longRender() {
  const session = await nv.sessions.create();
  await nv.chat.stream(session.id, 'generate a 60-second video from this script: A long walk by the sea.').finalText();
  const { draft } = await nv.state.get(session.id);
  return nv.renders.create({ sessionId: session.id, draft });
}

const cpu = (run) => async () => {
  const started = process.cpuUsage();
  await run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / checks;
};

const job = await longRender();
const url = `${emulator.url}/api/render/proxy/lambda/${job.id}`;
const results = await interleaved(
  {
    sdk: cpu(async () => {
      let seen = 0;
      const controller = new AbortController();
      // interval 0: back to back, so the figure is the SDK's work per check, not its timers.
      await nv.renders
        .wait(job.id, { interval: 0, signal: controller.signal, onProgress: () => ++seen >= checks && controller.abort() })
        .catch(() => undefined);
    }),
    fetch: cpu(async () => {
      for (let i = 0; i < checks; i++) JSON.parse(await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).text());
    }),
  },
  reps,
);
await emulator.close?.();

printRows([
  ratioRow({ bench: 'render wait', what: 'nv.renders.wait(), CPU per status check', reference: 'fetch + JSON.parse loop', unit: 'ms CPU', values: results.sdk, refValues: results.fetch }),
]);
process.exit(0);
