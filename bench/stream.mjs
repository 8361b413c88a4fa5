/**
 * Benchmark: the chat stream (`nv.chat.stream`, the BUILT package in dist/; run `npm run build` first) against
 * eventsource-parser on the same bytes, and its heap on a long stream.
 *
 *   node bench/stream.mjs [reps=5] [megabytes=50]
 *   node --expose-gc bench/stream.mjs heap [heartbeats=2000000] [deltas=100000]
 *
 * Speed: every way reads the same bytes from an in-memory `fetch` (a ReadableStream of Uint8Array chunks, so
 * no socket adds noise) through a TextDecoderStream, as the SDK does:
 * - "bare": eventsource-parser alone, counting events and comments;
 * - "+ JSON.parse": the same, parsing each event's data;
 * - "SDK": `for await (const ev of nv.chat.stream(...))`, every event typed and checked.
 * Two streams: an ADK turn of about `megabytes` MB (text deltas, final texts, tool calls with their args and
 * tool results with a timeline, a few keep-alives; every event with the ids, timestamp and actions ADK adds),
 * cut in 16 KiB chunks; and 50 000 keep-alives (`: ping`), one a chunk, as they arrive from a server (seconds
 * apart). The ways alternate in every rep, so drift hits all alike; each figure is the median over reps with
 * the range, and the SDK's as a ratio to each reference. Targets (issue 10): SDK ≤ 2× "+ JSON.parse" on the ADK
 * turn, ≤ 2× "bare" per keep-alive.
 *
 * Heap: one turn of `heartbeats` keep-alives and `deltas` text deltas (a final text after every 100 deltas),
 * one SSE item a chunk, generated as it is read (the source holds nothing), each 1000th chunk in a new task as
 * from a network. Every 100 000 items the loop runs `gc()` and samples `heapUsed`; it prints the largest growth
 * over the heap before the turn, for a loop over `nv.chat.stream(…)` itself and for one that holds the stream
 * and asks for `finalText()` (which keeps the final texts, about 1.2 MB here: the answer). Target: ≤ 5 MB at
 * every point.
 */
// The copy the SDK itself uses (bench/node_modules may hold another, older one, a reference library's).
import { createParser } from '../node_modules/eventsource-parser/dist/index.js';
import { median, printRows, ratioRow } from './lib.mjs';
// BENCH_DIST=/path/to/an/older/dist compares an older build on the same streams.
const { NemoVideo } = await import(process.env.BENCH_DIST ? `${process.env.BENCH_DIST}/index.js` : '../dist/index.js');

const SESSION = '7321456789012345678';
const encoder = new TextEncoder();

/**
 * A body that hands out `next()`'s chunks until it returns undefined; with `taskEvery`, every that many chunks
 * come in a new task, as a network's do (else the whole stream runs in one task).
 */
const bodyOf = (next, taskEvery = 0) => {
  let pulls = 0;
  return new ReadableStream({
    async pull(controller) {
      if (taskEvery && ++pulls % taskEvery === 0) await new Promise(setImmediate);
      const chunk = next();
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
};

/** A client whose `fetch` answers /run_sse with `body()`. */
const clientFor = (body) =>
  new NemoVideo({
    baseURL: 'http://127.0.0.1:9',
    token: 'nmv_usr_bench0000000000',
    maxRetries: 0,
    fetch: async () => new Response(body(), { headers: { 'content-type': 'text/event-stream' } }),
  });

// --- the streams ----------------------------------------------------------------------------------------------
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const words = 'the clip opens on a city skyline at dusk while lo-fi music fades in and captions follow each line'.split(' ');
const sentence = (n) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
let eventId = 0;
/** An ADK event as the service sends it, with the fields ADK adds around the content. */
const adk = (parts, extra = {}) => ({
  content: { parts, role: 'model' },
  ...extra,
  invocationId: 'e-4f1c2a7b-9d3e-4c55-8a61-2b7d0c9e1f34',
  author: 'nemo_agent',
  actions: { stateDelta: {}, artifactDelta: {}, requestedAuthConfigs: {}, requestedToolConfirmations: {} },
  id: `ev-${++eventId}`,
  timestamp: 1764700000 + eventId / 1000,
});
const timeline = () => ({
  status: 'ok',
  draft: {
    t: Array.from({ length: 2 }, (_, tt) => ({
      tt,
      sg: Array.from({ length: 3 }, (_, i) => ({ id: `s${tt}-${i}`, start: i * 2500, d: 2500, label: sentence(6), volume: 0.8 })),
    })),
    d: 15000,
    m: { title: 'Urban Dreams', width: 1920, height: 1080, aspect: '16:9' },
  },
});
const frame = (event) => `data: ${JSON.stringify(event)}\n\n`;

/** One step of an agent's turn: deltas then their final text, a tool call and its result, now and then a ping. */
function turnStep() {
  const parts = Array.from({ length: 24 }, () => sentence(3) + ' ');
  let sse = parts.map((text) => frame(adk([{ text }], { partial: true }))).join('');
  sse += frame(adk([{ text: parts.join('') }]));
  const id = `adk-${eventId}`;
  const args = { operations: [{ op: 'add', track: 1, segment: { name: 'Ambient', start: 0, d: 15000, volume: 0.35 } }], reason: sentence(8) };
  sse += frame(adk([{ functionCall: { id, name: 'edit_multitrack', args } }]));
  sse += frame(adk([{ functionResponse: { id, name: 'edit_multitrack', response: timeline() } }]));
  if (random() < 0.3) sse += ': ping\n\n';
  return sse;
}

function adkChunks(megabytes, chunkSize = 16 * 1024) {
  let sse = '';
  const steps = [];
  while (sse.length < megabytes * 1e6) sse += steps[steps.push(turnStep()) - 1];
  const bytes = encoder.encode(sse);
  const chunks = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return { chunks, bytes: bytes.length };
}

const chunksBody = (chunks) => () => {
  let i = 0;
  return bodyOf(() => chunks[i++]);
};

// --- the ways of reading them --------------------------------------------------------------------------------
async function parserReads(body, withJson) {
  const reader = body().pipeThrough(new TextDecoderStream()).getReader();
  let count = 0;
  const parser = createParser({
    onEvent: withJson ? ({ data }) => void (count++, data.trim() && JSON.parse(data)) : () => void count++,
    onComment: () => void count++,
  });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  return count;
}

async function sdkReads(nv) {
  let count = 0;
  for await (const _ of nv.chat.stream(SESSION, 'bench')) count++;
  return count;
}

async function speed(reps, megabytes) {
  const adkStream = adkChunks(megabytes);
  const pings = Array.from({ length: 50_000 }, () => encoder.encode(': ping\n\n'));
  const rows = [
    { name: `ADK turn, ${(adkStream.bytes / 1e6).toFixed(1)} MB in 16 KiB chunks`, body: chunksBody(adkStream.chunks), vs: 'json' },
    { name: `${pings.length} keep-alives, one a chunk`, body: chunksBody(pings), vs: 'bare', per: pings.length },
  ];
  for (const row of rows) {
    const nv = clientFor(row.body);
    row.ways = { bare: () => parserReads(row.body, false), json: () => parserReads(row.body, true), sdk: () => sdkReads(nv) };
    row.times = { bare: [], json: [], sdk: [] };
    for (const way of Object.values(row.ways)) await way(); // warm-up: load and compile every path once
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const row of rows) {
      for (const [name, way] of Object.entries(row.ways)) {
        const started = performance.now();
        await way();
        row.times[name].push(performance.now() - started);
      }
    }
  }
  console.log(`bench/stream.mjs: ${reps} reps interleaved, median (range over reps), in-memory fetch, Node ${process.versions.node}\n`);
  console.log('| stream | eventsource-parser | + JSON.parse | SDK | SDK / bare | SDK / + JSON.parse |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    const scale = row.per ? 1e6 / row.per : 1; // ns per keep-alive, else ms
    const unit = row.per ? ' ns each' : ' ms';
    const cell = (times) => `${(median(times) * scale).toFixed(row.per ? 0 : 1)}${unit} (${(Math.min(...times) * scale).toFixed(row.per ? 0 : 1)}–${(Math.max(...times) * scale).toFixed(row.per ? 0 : 1)})`;
    const ratio = (ref) => `${(median(row.times.sdk) / median(row.times[ref])).toFixed(2)}×${row.vs === ref ? ' (target ≤ 2)' : ''}`;
    console.log(`| ${row.name} | ${cell(row.times.bare)} | ${cell(row.times.json)} | ${cell(row.times.sdk)} | ${ratio('bare')} | ${ratio('json')} |`);
  }
  // For `npm run bench` (run.mjs): each ratio taken within a rep.
  const [turn, keepAlives] = rows;
  const unit = (row) => (row.per ? { unit: 'µs each', scale: 1000 / row.per } : { unit: 'ms', scale: 1 });
  const rowOf = (row, what, ref, reference) => {
    const { unit: u, scale } = unit(row);
    return ratioRow({ bench: 'stream', what, reference, unit: u, values: row.times.sdk.map((t) => t * scale), refValues: row.times[ref].map((t) => t * scale) });
  };
  printRows([
    rowOf(turn, `chat.stream, ${turn.name} (target ≤ 2)`, 'json', 'eventsource-parser + JSON.parse'),
    rowOf(turn, `chat.stream, ${turn.name}`, 'bare', 'eventsource-parser'),
    rowOf(keepAlives, `chat.stream, a keep-alive alone in its chunk (target ≤ 2)`, 'bare', 'eventsource-parser'),
  ]);
}

// --- heap ------------------------------------------------------------------------------------------------------
async function heap(heartbeats, deltas) {
  if (typeof gc !== 'function') throw new Error('Run the heap mode with node --expose-gc.');
  const total = heartbeats + deltas + Math.floor(deltas / 100);
  const every = Math.max(1, Math.floor(heartbeats / deltas)); // a delta after every `every` keep-alives
  const ping = encoder.encode(': ping\n\n');
  const deltaFrames = Array.from({ length: 100 }, () => encoder.encode(frame(adk([{ text: sentence(2) + ' ' }], { partial: true }))));
  const body = () => {
    let sent = 0;
    let heartbeatsLeft = heartbeats;
    let deltasSent = 0;
    let since = 0;
    return bodyOf(() => {
      if (sent++ >= total) return undefined;
      if (deltasSent < deltas && (since >= every || heartbeatsLeft === 0)) {
        since = 0;
        // Generated afresh (not a shared buffer): what the SDK keeps of it is counted.
        if (++deltasSent % 100 === 0) return encoder.encode(frame(adk([{ text: sentence(200) }])));
        return deltaFrames[deltasSent % 100].slice();
      }
      heartbeatsLeft--;
      since++;
      return ping;
    }, 1000);
  };
  console.log(`bench/stream.mjs heap: ${heartbeats} keep-alives + ${deltas} text deltas (+ a final text every 100), one a chunk, Node ${process.versions.node}\n`);
  console.log('| loop | items | heap before | largest growth after GC | at item | time |');
  console.log('|---|---|---|---|---|---|');
  for (const askFinal of [false, true]) {
    const nv = clientFor(body);
    gc();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let worst = 0;
    let worstAt = 0;
    const started = performance.now();
    // Only the loop that asks for finalText() holds its ChatStream.
    const stream = askFinal ? nv.chat.stream(SESSION, 'bench', { partial: true }) : undefined;
    let answer;
    for await (const _ of stream ?? nv.chat.stream(SESSION, 'bench', { partial: true })) {
      if (askFinal) answer ??= stream.finalText();
      if (++count % 100_000 === 0) {
        gc();
        const growth = process.memoryUsage().heapUsed - before;
        if (growth > worst) [worst, worstAt] = [growth, count];
      }
    }
    if (answer) await answer;
    const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    const label = askFinal ? 'iterate and finalText()' : 'iterate';
    console.log(`| ${label} | ${count} | ${mb(before)} | ${mb(worst)} (target ≤ 5 MB) | ${worstAt} | ${((performance.now() - started) / 1000).toFixed(1)} s |`);
    // For `npm run bench`: the growth against the bound, as there is no library to compare with.
    const what = `chat.stream heap growth after GC, ${heartbeats} keep-alives + ${deltas} deltas, ${label}`;
    printRows([ratioRow({ bench: 'stream-heap', what, reference: 'the 5 MB bound (issue 10)', unit: 'MB', values: [worst / 2 ** 20], refValues: [5] })]);
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'heap') {
  const [heartbeats = 2_000_000, deltas = 100_000] = rest.map(Number);
  await heap(heartbeats, deltas);
} else {
  const [reps = 5, megabytes = 50] = [mode, ...rest].filter((a) => a !== undefined).map(Number);
  await speed(reps, megabytes);
}
