import { describe, expect, test } from 'vitest';
import { InvalidArgumentError, StreamError } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { adk, collect, frame, onRunSse, serveSse, serverStream } from '../helpers/sse.js';

const SID = '7321456789012345678';
const text = (t: string) => frame(adk([{ text: t }]));
const delta = (t: string) => frame(adk([{ text: t }], { partial: true }));
const toolCall = frame(adk([{ functionCall: { id: 'c1', name: 'edit_multitrack', args: { track_id: 1 } } }]));

/** finalText() of a turn whose SSE is `sse`, without iterating. */
function finalTextOf(sse: string): Promise<string> {
  serveSse(sse);
  return client().chat.stream(SID, 'hi', { partial: true }).finalText();
}

describe('ChatStream.finalText()', () => {
  test('returns each final text once, in order, joined', async () => {
    await expect(finalTextOf(text('Adding music.') + toolCall + text('Added lo-fi BGM.'))).resolves.toBe('Adding music.\n\nAdded lo-fi BGM.');
  });

  test('does not add the live deltas to the final text they precede', async () => {
    const sse = delta('Add') + delta('ing music.') + text('Adding music.') + toolCall + delta('Done') + delta('.') + text('Done.');
    await expect(finalTextOf(sse)).resolves.toBe('Adding music.\n\nDone.');
  });

  test('returns deltas that no final text followed', async () => {
    await expect(finalTextOf(text('First.') + toolCall + delta('Sec') + delta('ond.'))).resolves.toBe('First.\n\nSecond.');
  });

  test('drops a trailing "I encountered a temporary issue" text after other text', async () => {
    const sse = text('Your video is ready.') + text('I encountered a temporary issue. Please try again.');
    await expect(finalTextOf(sse)).resolves.toBe('Your video is ready.');
  });

  test('keeps a "temporary issue" text when it is the only text', async () => {
    await expect(finalTextOf(text('I encountered a temporary issue.'))).resolves.toBe('I encountered a temporary issue.');
  });

  test('rejects with a StreamError on a terminal error with no text', async () => {
    const answer = finalTextOf(toolCall + frame({ error: 'boom' }));
    await expect(answer).rejects.toBeInstanceOf(StreamError);
    await expect(answer).rejects.toThrow(/boom/);
  });

  test('rejects when a terminal error came after some text: a failed run is not an answer', async () => {
    const answer = finalTextOf(text('Partly done.') + frame({ error: 'boom' }));
    await expect(answer).rejects.toBeInstanceOf(StreamError);
    await expect(answer).rejects.toThrow(/after saying: "Partly done\.".*boom/);
  });

  test('returns an empty string for a turn of tool calls only', async () => {
    await expect(finalTextOf(toolCall)).resolves.toBe('');
  });

  test('works after the loop finished', async () => {
    serveSse(text('Hello.') + toolCall + text('Bye.'));
    const stream = client().chat.stream(SID, 'hi');
    const events = await collect(stream);
    expect(events.at(-1)).toStrictEqual({ type: 'done', hadText: true });
    await expect(stream.finalText()).resolves.toBe('Hello.\n\nBye.');
  });

  test('works when called during the loop', async () => {
    serveSse(text('Hello.') + toolCall + text('Bye.'));
    const stream = client().chat.stream(SID, 'hi');
    let answer: Promise<string> | undefined;
    for await (const _ of stream) answer ??= stream.finalText();
    await expect(answer).resolves.toBe('Hello.\n\nBye.');
  });

  test('after a break, is what came so far', async () => {
    const server = serverStream();
    onRunSse(() => server);
    server.send(text('Hello.') + toolCall);
    const stream = client().chat.stream(SID, 'hi');
    for await (const ev of stream) if (ev.type === 'tool_call') break;
    await expect(stream.finalText()).resolves.toBe('Hello.');
  });

  test('rejects with the stream error when the stream fails', async () => {
    const server = serverStream();
    onRunSse(() => server);
    server.send(text('Hello.'));
    server.send('data: {oops\n\n');
    await expect(client().chat.stream(SID, 'hi').finalText()).rejects.toBeInstanceOf(StreamError);
  });

  test('iterating a stream twice throws InvalidArgumentError', async () => {
    serveSse(text('Hello.'));
    const stream = client().chat.stream(SID, 'hi');
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(InvalidArgumentError);
    await expect(collect(stream)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  test('iterating after finalText() throws InvalidArgumentError', async () => {
    serveSse(text('Hello.'));
    const stream = client().chat.stream(SID, 'hi');
    await expect(stream.finalText()).resolves.toBe('Hello.');
    await expect(stream.finalText()).resolves.toBe('Hello.');
    await expect(collect(stream)).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
