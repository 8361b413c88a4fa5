/**
 * Benchmark: one API call (`nv.credits.balance()`: token, headers, envelope, zod validation) against the same
 * GET done with a bare `fetch` + `JSON.parse`, and with `ky` (the SDK's transport package) + `.json()`, all to
 * one node:http server on 127.0.0.1 answering a fixed envelope. Interleaved reps; the figure is the median
 * time of a call within a rep.
 *
 *   node bench/call.mjs [reps=7] [calls=300]
 */
import { createServer } from 'node:http';
import ky from 'ky';
import { NemoVideo } from '../dist/index.js';
import { interleaved, median, printRows, ratioRow } from './lib.mjs';

const [reps = 7, calls = 300] = process.argv.slice(2).map(Number);
const body = JSON.stringify({ code: 0, message: 'success', data: { available: 100, frozen: 0, total: 100 } });
const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const url = `${base}/api/credits/balance/simple`;
const headers = { Authorization: 'Bearer nmv_usr_bench' };

const nv = new NemoVideo({ baseURL: base, token: 'nmv_usr_bench', logLevel: 'off' });
const ways = {
  sdk: () => nv.credits.balance(),
  fetch: async () => JSON.parse(await (await fetch(url, { headers })).text()),
  ky: () => ky.get(url, { headers }).json(),
};
const timed = (call) => async () => {
  const times = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return median(times);
};
// Warm-up: connections, JIT.
for (const call of Object.values(ways)) for (let i = 0; i < 50; i++) await call();
const results = await interleaved({ sdk: timed(ways.sdk), fetch: timed(ways.fetch), ky: timed(ways.ky) }, reps);
server.closeAllConnections();
server.close();

printRows([
  ratioRow({ bench: 'call', what: 'nv.credits.balance()', reference: 'bare fetch + JSON.parse', unit: 'ms', values: results.sdk, refValues: results.fetch }),
  ratioRow({ bench: 'call', what: 'nv.credits.balance()', reference: 'ky .json()', unit: 'ms', values: results.sdk, refValues: results.ky }),
]);
