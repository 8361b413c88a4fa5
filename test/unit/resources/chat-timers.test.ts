import { describe, expect, test } from 'vitest';
import { StreamError } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { adk, collect, collectUntilError, frame, onRunSse, servedChunks, serverStream, tickingStream } from '../helpers/sse.js';

// Every timing is the SDK's own option, in ms; the server streams below keep their own pace. Nothing here
// sleeps to wait for the SDK.
const SID = '7321456789012345678';
const toolCall = frame(adk([{ functionCall: { id: 'c1', name: 'edit_multitrack', args: {} } }]));

describe('chat.stream timers', () => {
  test('a silent stream yields still_working after each stillWorkingAfter ms, carrying elapsedMs', async () => {
    const server = serverStream(); // sends nothing, stays open
    onRunSse(() => server);
    const elapsed: number[] = [];
    for await (const ev of client().chat.stream(SID, 'hi', { stillWorkingAfter: 20 })) {
      expect(ev.type).toBe('still_working');
      elapsed.push((ev as { elapsedMs: number }).elapsedMs);
      if (elapsed.length === 3) break;
    }
    // Timers may fire a millisecond early, never much; under load they fire late, which only widens the gaps.
    expect(elapsed[0]).toBeGreaterThanOrEqual(18);
    expect(elapsed[1]! - elapsed[0]!).toBeGreaterThanOrEqual(18);
    expect(elapsed[2]! - elapsed[1]!).toBeGreaterThanOrEqual(18);
    await server.cancelled;
  });

  test('still_working keeps coming while the response headers are held back, then the stream goes on', async () => {
    // A gateway that holds the headers: the server answers only once the client has shown two still_working events.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    onRunSse(async () => {
      await released;
      return servedChunks([toolCall]);
    });
    const events: string[] = [];
    for await (const ev of client().chat.stream(SID, 'hi', { stillWorkingAfter: 20 })) {
      events.push(ev.type);
      if (events.length === 2) release();
    }
    expect(events).toStrictEqual(['still_working', 'still_working', 'tool_call', 'done']);
  });

  test('a silent stream then stalls with a StreamError telling to check the state, not to re-send', async () => {
    const server = serverStream();
    onRunSse(() => server);
    const { events, error } = await collectUntilError(client().chat.stream(SID, 'hi', { stillWorkingAfter: 20, stallAfter: 100 }));

    expect(events.every((e) => e.type === 'still_working')).toBe(true);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).mayStillRun).toBe(true);
    expect((error as Error).message).toMatch(/no progress/i);
    expect((error as Error).message).toContain(`nv.state.get("${SID}")`);
    expect((error as Error).message).toMatch(/instead of sending the message again/);
    await server.cancelled;
  });

  test('heartbeats alone do not reset the stall timer', async () => {
    const pings = ': ping\n\ndata:\n\n';
    const server = tickingStream(pings, 5);
    server.send(pings); // some at once, then every 5 ms
    onRunSse(() => server);
    const { events, error } = await collectUntilError(client().chat.stream(SID, 'hi', { stallAfter: 150, maxDuration: 5_000 }));

    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.type))).toStrictEqual(new Set(['heartbeat']));
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toMatch(/no progress/i);
    await server.cancelled;
  });

  test('content events reset the stall timer', async () => {
    // 40 tool calls 10 ms apart: the turn lasts well past stallAfter, but never goes 250 ms without progress.
    onRunSse(() => tickingStream(toolCall, 10, 40));
    const events = await collect(client().chat.stream(SID, 'hi', { stallAfter: 250 }));
    expect(events.filter((e) => e.type === 'tool_call')).toHaveLength(40);
    expect(events.at(-1)).toStrictEqual({ type: 'done', hadText: false });
  });

  test('maxDuration caps the whole turn with a StreamError', async () => {
    const server = tickingStream(toolCall, 10); // progress forever
    server.send(toolCall);
    onRunSse(() => server);
    const { events, error } = await collectUntilError(client().chat.stream(SID, 'hi', { maxDuration: 200 }));

    expect(events.some((e) => e.type === 'tool_call')).toBe(true);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).mayStillRun).toBe(true);
    expect((error as Error).message).toMatch(/longer than/);
    expect((error as Error).message).toContain(`nv.state.get("${SID}")`);
    await server.cancelled;
  });
});
