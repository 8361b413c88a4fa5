import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { client } from '../helpers/client.js';

const SID = '7321456789012345678';
const ping = new TextEncoder().encode(': ping\n\n');

/** The engine's garbage collector, made reachable for this test (as `node --expose-gc` would). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A /run_sse answer of `count` keep-alives, one a chunk as a server sends them, made as they are read. */
const keepAlives = (count: number) => async () => {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) => (sent++ < count ? controller.enqueue(ping) : controller.close()),
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
};

// Issue 10: every wait of the stream used to race a promise that lived as long as the stream, leaving a
// reaction on it per wait (hundreds of bytes an SSE item, 1 GB over 2 million keep-alives). The heap after GC
// must stay flat; the bound is far above the noise of a GC and far below the 20+ MB the leak held here.
test('a long stream of keep-alives leaves the heap flat', { timeout: 60_000 }, async () => {
  const gc = collector();
  const heap = () => (gc(), process.memoryUsage().heapUsed);
  const total = 60_000;
  let count = 0;
  let warm = 0;
  let grown = 0;
  for await (const event of client({ fetch: keepAlives(total) }).chat.stream(SID, 'hi')) {
    expect(event.type).toMatch(/heartbeat|done/);
    if (++count === 10_000) warm = heap();
    else if (count % 10_000 === 0) grown = Math.max(grown, heap() - warm);
  }
  expect(count).toBe(total + 1);
  expect(grown).toBeLessThan(4 * 2 ** 20);
});
