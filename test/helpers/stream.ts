/** Reading a chat stream in tests: to its end, or to the error that ends it. Shared by every suite. */
import type { ChatEvent } from '../../src/index.js';

/** Every event of a stream that must end normally, in order. */
export async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** The events a stream delivered before it failed, and the error; fails the test if the stream ended normally. */
export async function collectUntilError(events: AsyncIterable<ChatEvent>): Promise<{ events: ChatEvent[]; error: unknown }> {
  const all: ChatEvent[] = [];
  try {
    for await (const event of events) all.push(event);
  } catch (error) {
    return { events: all, error };
  }
  throw new Error(`Expected the stream to fail; it ended normally after ${all.length} events.`);
}
