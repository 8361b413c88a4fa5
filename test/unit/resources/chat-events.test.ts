import { describe, expect, test } from 'vitest';
import type { ChatEvent } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { adk, collect, frame, serveSse } from '../helpers/sse.js';

const SID = '7321456789012345678';

/** The events the SDK yields for `sse`, served as one network chunk. */
async function eventsOf(sse: string): Promise<ChatEvent[]> {
  serveSse(sse);
  return collect(client().chat.stream(SID, 'hi', { partial: true }));
}

describe('chat.stream events: ADK form', () => {
  test('final text parts become text events; thought parts are skipped', async () => {
    const events = await eventsOf(
      frame(adk([{ text: 'weighing options', thought: true }, { text: 'Here is your video.' }])) + frame(adk([{ text: 'Anything else?' }], { author: 'editor' })),
    );
    expect(events).toStrictEqual([
      { type: 'text', text: 'Here is your video.', partial: false, author: 'nemo_agent' },
      { type: 'text', text: 'Anything else?', partial: false, author: 'editor' },
      { type: 'done', hadText: true },
    ]);
  });

  test('partial: true events become text deltas', async () => {
    const events = await eventsOf(frame(adk([{ text: 'Hel' }], { partial: true })) + frame(adk([{ text: 'lo' }], { partial: true })) + frame(adk([{ text: 'Hello' }])));
    expect(events.filter((e) => e.type === 'text').map((e) => [e.text, e.partial])).toStrictEqual([
      ['Hel', true],
      ['lo', true],
      ['Hello', false],
    ]);
  });

  test('functionCall becomes tool_call with args exactly as sent (keys not re-cased)', async () => {
    const args = { snake_key: 1, prompt_text: 'a cat', nested: { track_type: 0, 'kebab-key': [1, 2] } };
    const events = await eventsOf(frame(adk([{ functionCall: { id: 'call_1', name: 'generate_video_with_seedance', args } }])));
    expect(events[0]).toStrictEqual({ type: 'tool_call', id: 'call_1', name: 'generate_video_with_seedance', args });
    expect(Object.keys((events[0] as { args: object }).args)).toStrictEqual(['snake_key', 'prompt_text', 'nested']);
    expect(events.at(-1)).toStrictEqual({ type: 'done', hadText: false });
  });

  test('functionResponse becomes tool_result; response.error is surfaced as error', async () => {
    const ok = { status: 'done', video_url: 'https://cdn.test/v.mp4' };
    const failed = { error: 'quota exceeded', error_code: 2001 };
    const events = await eventsOf(
      frame(adk([{ functionResponse: { id: 'call_1', name: 'edit_multitrack', response: ok } }])) +
        frame(adk([{ functionResponse: { id: 'call_2', name: 'edit_multitrack', response: failed } }])),
    );
    expect(events.slice(0, 2)).toEqual([
      { type: 'tool_result', id: 'call_1', name: 'edit_multitrack', result: ok },
      { type: 'tool_result', id: 'call_2', name: 'edit_multitrack', result: failed, error: 'quota exceeded' },
    ]);
    expect(events[0]).not.toHaveProperty('error', expect.anything());
  });

  test('an errorCode / errorMessage event is a non-terminal error, and the stream goes on', async () => {
    const events = await eventsOf(frame({ author: 'nemo_agent', errorCode: 'MALFORMED_FUNCTION_CALL', errorMessage: 'model failed' }) + frame(adk([{ text: 'Recovered.' }])));
    expect(events).toEqual([
      { type: 'error', message: 'model failed', code: 'MALFORMED_FUNCTION_CALL', terminal: false },
      { type: 'text', text: 'Recovered.', partial: false, author: 'nemo_agent' },
      { type: 'done', hadText: true },
    ]);
  });

  test('a bare {"error"} event is a terminal error', async () => {
    const events = await eventsOf(frame({ error: 'boom' }));
    expect(events).toEqual([
      { type: 'error', message: 'boom', terminal: true },
      { type: 'done', hadText: false },
    ]);
  });
});

describe('chat.stream events: simplified form', () => {
  test('text, tool_call, tool_result and heartbeat are accepted', async () => {
    const events = await eventsOf(
      frame({ type: 'text', content: 'Working on it.' }) +
        frame({ type: 'tool_call', name: 'edit_multitrack', args: { track_id: 2 } }) +
        frame({ type: 'tool_result', name: 'edit_multitrack', result: { ok: true } }) +
        frame({ type: 'heartbeat' }),
    );
    expect(events).toEqual([
      { type: 'text', text: 'Working on it.', partial: false },
      { type: 'tool_call', name: 'edit_multitrack', args: { track_id: 2 } },
      { type: 'tool_result', name: 'edit_multitrack', result: { ok: true } },
      { type: 'heartbeat' },
      { type: 'done', hadText: true },
    ]);
  });
});

describe('chat.stream events: framing', () => {
  test('SSE comments and empty data lines are heartbeats', async () => {
    const events = await eventsOf(': ping\n\n' + 'data:\n\n' + 'data: \n\n' + frame(adk([{ text: 'hi' }])) + ':\n\n');
    expect(events.map((e) => e.type)).toStrictEqual(['heartbeat', 'heartbeat', 'heartbeat', 'text', 'heartbeat', 'done']);
  });

  test('the end of the stream yields one final done event', async () => {
    expect(await eventsOf('')).toStrictEqual([{ type: 'done', hadText: false }]);
    expect(await eventsOf(frame(adk([{ text: 'x' }], { partial: true })))).toContainEqual({ type: 'done', hadText: true });
  });

  test('several events in one chunk all arrive, in order; unknown event kinds are ignored', async () => {
    const events = await eventsOf(
      frame(adk([{ text: 'one' }])) +
        frame({ type: 'progress', percent: 40 }) +
        frame({ author: 'nemo_agent', actions: { stateDelta: { draft_version: 3 } } }) +
        frame(adk([{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }])) +
        frame({ author: 'nemo_agent', content: null, turnComplete: true }) +
        frame(adk([{ text: 'two' }])) +
        frame(adk([{ functionCall: { name: 'edit_multitrack', args: {} } }])),
    );
    expect(events).toEqual([
      { type: 'text', text: 'one', partial: false, author: 'nemo_agent' },
      { type: 'text', text: 'two', partial: false, author: 'nemo_agent' },
      { type: 'tool_call', name: 'edit_multitrack', args: {} },
      { type: 'done', hadText: true },
    ]);
  });
});
