/** Reading a chat stream to its end, or to the error that ends it. */
import type { ChatEvent } from '../../../src/index.js';

/** Every event of a stream that must end normally. */
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

/** The events that carry content (no keep-alives). */
export const contentOf = (events: ChatEvent[]): ChatEvent[] => events.filter((e) => e.type !== 'heartbeat');

/** A script of four sentences, as in the spec's "generate a 30-second video from this script" example. */
export const SCRIPT = 'Cities never sleep. Lights flicker across the skyline. People rush to catch the last train. Morning comes again.';

/** The generation request every flow starts with. */
export const GENERATE = `generate a 30-second video from this script: ${SCRIPT}`;
