import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { client } from '../helpers/client.js';
import { adk, frame } from '../helpers/sse.js';

const SID = '7321456789012345678';
const ping = new TextEncoder().encode(': ping\n\n');

/** The engine's garbage collector, made reachable for this test (as `node --expose-gc` would). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A /run_sse answer of `count` chunks, `chunk(i)` each, made as they are read. */
const answer = (count: number, chunk: (i: number) => Uint8Array) => async () => {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    // Now and then from a new task, as a network's chunks come.
    pull: async (controller) => {
      if (sent % 100 === 0) await new Promise(setImmediate);
      if (sent < count) controller.enqueue(chunk(sent++));
      else controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
};

/** A /run_sse answer of `count` keep-alives, one a chunk as a server sends them. */
const keepAlives = (count: number) => answer(count, () => ping);

/** Final texts of 1 KiB, each one a fresh string (as a parsed event's is). */
const encoder = new TextEncoder();
const finals = (count: number) => answer(count, (i) => encoder.encode(frame(adk([{ text: `${i} `.padEnd(1024, 'x') }]))));

// Issue 10: every wait of the stream used to race a promise that lived as long as the stream, leaving a
// reaction on it per wait (hundreds of bytes an SSE item, 1 GB over 2 million keep-alives). The heap after GC
// must stay flat; the bound is far above the noise of a GC and far below the 20+ MB the leak held here.
/**
 * Iterates a stream of `total` chunks from `fetch` itself (no ChatStream held), and measures the heap after GC
 * every `every` events from the first such point: how many events came, of which types, and the most it grew.
 */
async function heapGrowth(fetch: () => Promise<Response>, every: number) {
  const gc = collector();
  const heap = () => (gc(), process.memoryUsage().heapUsed);
  const types = new Set<string>();
  let count = 0;
  let warm = 0;
  let grown = 0;
  for await (const event of client({ fetch }).chat.stream(SID, 'hi')) {
    types.add(event.type);
    if (++count === every) warm = heap();
    else if (count % every === 0) grown = Math.max(grown, heap() - warm);
  }
  return { count, types, grown };
}

test('a long stream of keep-alives leaves the heap flat', { timeout: 60_000 }, async () => {
  const total = 60_000;
  const { count, types, grown } = await heapGrowth(keepAlives(total), 10_000);
  expect([...types].sort()).toEqual(['done', 'heartbeat']);
  expect(count).toBe(total + 1);
  expect(grown).toBeLessThan(4 * 2 ** 20);
});

// ChatStream keeps the final texts for finalText(), which may be asked after the loop; a loop over
// nv.chat.stream(…) itself holds no ChatStream, so nobody can ask, and nothing is kept.
test('a loop that holds no ChatStream keeps none of its texts', { timeout: 60_000 }, async () => {
  const total = 12_000; // 12 MiB of final texts
  const { count, types, grown } = await heapGrowth(finals(total), 2_000);
  expect([...types].sort()).toEqual(['done', 'text']);
  expect(count).toBe(total + 1);
  expect(grown).toBeLessThan(4 * 2 ** 20);
});

test('a ChatStream held keeps its texts for finalText()', { timeout: 60_000 }, async () => {
  const stream = client({ fetch: finals(3_000) }).chat.stream(SID, 'hi');
  const gc = collector();
  for await (const event of stream) if (event.type === 'done') gc();
  const text = await stream.finalText();
  expect(text.split('\n\n')).toHaveLength(3_000);
  expect(text.startsWith('0 xx')).toBe(true);
});
