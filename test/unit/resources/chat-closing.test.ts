import { describe, expect, test } from 'vitest';
import { client } from '../helpers/client.js';
import { adk, collectUntilError, frame, onRunSse, serverStream } from '../helpers/sse.js';

const SID = '7321456789012345678';
const hello = frame(adk([{ text: 'Hello.' }]));

describe('chat.stream closing', () => {
  test('breaking out of the loop cancels the response body', async () => {
    const server = serverStream();
    const seen = onRunSse(() => server);
    server.send(hello); // and the stream stays open
    for await (const ev of client().chat.stream(SID, 'hi')) if (ev.type === 'text') break;
    await server.cancelled;
    expect(server.isCancelled).toBe(true);
    expect(seen).toHaveLength(1);
  });

  test('breaking out of the loop returns even when closing the body never settles', async () => {
    // Some bodies (a tee'd one, a proxy's) never settle their cancel: leaving the loop must not wait on it.
    const server = serverStream(() => new Promise<void>(() => undefined));
    onRunSse(() => server);
    server.send(hello);
    const seen: string[] = [];
    for await (const ev of client().chat.stream(SID, 'hi')) {
      seen.push(ev.type);
      break;
    }
    expect(seen).toStrictEqual(['text']);
    await server.cancelled;
  });

  test('aborting the signal mid-stream ends the loop with the AbortError unchanged and cancels the body', async () => {
    const server = serverStream();
    onRunSse(() => server);
    server.send(hello);
    const controller = new AbortController();
    const stream = client().chat.stream(SID, 'hi', { signal: controller.signal });
    const { events, error } = await collectUntilError(
      (async function* () {
        for await (const ev of stream) {
          yield ev;
          if (ev.type === 'text') controller.abort();
        }
      })(),
    );
    expect(events.map((e) => e.type)).toStrictEqual(['text']);
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe('AbortError');
    await server.cancelled;
  });

  test('an abort reason of the caller’s own is thrown as is', async () => {
    const server = serverStream();
    onRunSse(() => server);
    server.send(hello);
    const controller = new AbortController();
    const reason = new Error('user left the page');
    const stream = client().chat.stream(SID, 'hi', { signal: controller.signal });
    await expect(
      (async () => {
        for await (const _ of stream) controller.abort(reason);
      })(),
    ).rejects.toBe(reason);
    await server.cancelled;
  });

  test('an already-aborted signal rejects with its AbortError and sends nothing', async () => {
    const seen = onRunSse(() => serverStream());
    const stream = client().chat.stream(SID, 'hi', { signal: AbortSignal.abort() });
    const { events, error } = await collectUntilError(stream);
    expect(events).toStrictEqual([]);
    expect((error as Error).name).toBe('AbortError');
    expect(seen).toHaveLength(0);
  });
});
