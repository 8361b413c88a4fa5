/**
 * Benchmark: what `nemo-video/server`'s proxy adds to a call and to a relayed chat event, against the same
 * thing done directly, all on 127.0.0.1 with the BUILT package (dist/; run `npm run build` first).
 *
 *   node bench/proxy.mjs [reps=7] [calls=200] [events=200]
 *
 * - per call: `nv.credits.balance()` against the emulator's server, directly (a token) and through the proxy
 *   (createProxy on node:http via toNodeHandler, the page's client with proxyAuth). `calls` calls a rep.
 * - per event: a stub API on node:http sends one chat event, waits until the page's ChatStream has it, then
 *   sends the next; each event's latency is the time from the stub's send to the page's receipt (one clock,
 *   one process). `events` events a rep, direct and through the proxy.
 *
 * The two ways alternate in every rep (direct, proxy, direct, proxy…), so drift hits both alike. Each figure
 * is the median over reps of a rep's median, with the range over reps, and the proxy's as a ratio to direct.
 * Timings are the machine's: compare the ratio, not the milliseconds.
 */
import { createServer } from 'node:http';
import { NemoVideo, proxyAuth } from '../dist/index.js';
import { createProxy, toNodeHandler } from '../dist/server.js';
import { startEmulator } from '../dist/testing-server.js';
import { median } from './lib.mjs';

const [reps = 7, calls = 200, events = 200] = process.argv.slice(2).map(Number);

async function listen(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => (server.closeAllConnections(), new Promise((r) => server.close(r))) };
}

// --- per call ----------------------------------------------------------------------------------------------
const emulator = await startEmulator({ render: 'tiny', delayMs: [0, 0] });
const grant = await (await fetch(`${emulator.url}/api/auth/anonymous-token`, { method: 'POST', headers: { 'X-Client-Id': 'bench' } })).json();
const token = grant.data.token;
const proxy = await listen(toNodeHandler(createProxy({ baseURL: emulator.url, token })));
const direct = new NemoVideo({ baseURL: emulator.url, token, maxRetries: 0 });
const page = new NemoVideo({ baseURL: `${proxy.url}/api/nemo`, authStrategy: proxyAuth(), maxRetries: 0 });

async function perCall(nv) {
  const times = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await nv.credits.balance();
    times.push(performance.now() - started);
  }
  return median(times);
}

// --- per event ---------------------------------------------------------------------------------------------
// The stub API: `/run_sse` sends an event each time `next()` is called, stamped with when it was sent.
let sendNext;
const stub = await listen(async (req, res) => {
  if (req.url.startsWith('/api/tasks/')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, data: { task_id: 't', session_id: '42' } }));
    return;
  }
  for await (const _ of req); // the body
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.flushHeaders();
  let sent = 0;
  sendNext = () => {
    if (sent++ === events) return void res.end();
    res.write(`data: ${JSON.stringify({ author: 'bench', content: { parts: [{ text: String(performance.now()) }] } })}\n\n`);
  };
  sendNext();
});
const stubProxy = await listen(toNodeHandler(createProxy({ baseURL: stub.url, token: 'nmv_usr_bench' })));
const directToStub = new NemoVideo({ baseURL: stub.url, token: 'nmv_usr_bench', maxRetries: 0 });
const pageToStub = new NemoVideo({ baseURL: `${stubProxy.url}/api/nemo`, authStrategy: proxyAuth(), maxRetries: 0 });
await pageToStub.sessions.create(); // the proxy learns session 42 for its one (shared) user

async function perEvent(nv) {
  const latencies = [];
  for await (const event of nv.chat.stream('42', 'bench')) {
    if (event.type !== 'text') continue;
    latencies.push(performance.now() - Number(event.text));
    sendNext();
  }
  if (latencies.length !== events) throw new Error(`got ${latencies.length} events of ${events}`);
  return median(latencies);
}

// --- runs ----------------------------------------------------------------------------------------------------
// Warm-up: load and compile every path once.
await perCall(direct);
await perCall(page);
await perEvent(directToStub);
await perEvent(pageToStub);

const results = { callDirect: [], callProxy: [], eventDirect: [], eventProxy: [] };
for (let rep = 0; rep < reps; rep++) {
  results.callDirect.push(await perCall(direct));
  results.callProxy.push(await perCall(page));
  results.eventDirect.push(await perEvent(directToStub));
  results.eventProxy.push(await perEvent(pageToStub));
}
await Promise.all([proxy.close(), stubProxy.close(), stub.close(), emulator.close()]);

const ms = (value) => `${value.toFixed(3)} ms`;
const row = (label, directTimes, proxyTimes) => {
  const [d, p] = [median(directTimes), median(proxyTimes)];
  const range = (times) => `${ms(Math.min(...times))}–${ms(Math.max(...times))}`;
  console.log(`${label}: direct ${ms(d)} (${range(directTimes)}), through the proxy ${ms(p)} (${range(proxyTimes)}); added ${ms(p - d)}, ratio ${(p / d).toFixed(2)}`);
};
console.log(`bench/proxy.mjs: ${reps} reps interleaved, median of per-rep medians (range over reps), 127.0.0.1, Node ${process.versions.node}`);
row(`per call (credits.balance, ${calls} a rep)`, results.callDirect, results.callProxy);
row(`per relayed chat event (${events} a rep)`, results.eventDirect, results.eventProxy);
