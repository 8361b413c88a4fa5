import { describe, expect, test } from 'vitest';
import { InvalidArgumentError } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { adk, collect, frame, serveSse } from '../helpers/sse.js';

const SID = '7321456789012345678';
const answer = frame(adk([{ text: 'On it.' }]));

describe('chat.stream request', () => {
  test('POSTs the message to /run_sse as ADK expects, asking for an event stream', async () => {
    const seen = serveSse(answer);
    await collect(client().chat.stream(SID, 'add lo-fi BGM'));

    expect(seen).toHaveLength(1);
    const [{ headers, body }] = seen as [(typeof seen)[0]];
    expect(headers.get('accept')).toBe('text/event-stream');
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(headers.get('authorization')).toBe('Bearer nmv_usr_testtoken');
    expect(body).toStrictEqual({
      app_name: 'nemo_agent',
      user_id: 'me',
      session_id: SID,
      new_message: { role: 'user', parts: [{ text: 'add lo-fi BGM' }] },
    });
  });

  test('asks for token-level deltas (streaming: true) only with partial: true', async () => {
    const seen = serveSse(answer);
    const nv = client();
    await collect(nv.chat.stream(SID, 'one', { partial: true }));
    await collect(nv.chat.stream(SID, 'two', { partial: false }));
    await collect(nv.chat.stream(SID, 'three'));

    expect(seen.map((r) => (r.body as Record<string, unknown>).streaming)).toStrictEqual([true, undefined, undefined]);
    expect(Object.keys(seen[1]!.body as object)).not.toContain('streaming');
    expect(Object.keys(seen[2]!.body as object)).not.toContain('streaming');
  });

  test('sends nothing until iteration starts', async () => {
    const seen = serveSse(answer);
    const nv = client();
    const idle = nv.chat.stream(SID, 'first');
    // A whole other turn goes and comes back; the idle stream has still sent nothing.
    await collect(nv.chat.stream(SID, 'second'));
    expect(seen.map((r) => textOf(r.body))).toStrictEqual(['second']);

    await collect(idle);
    expect(seen.map((r) => textOf(r.body))).toStrictEqual(['second', 'first']);
  });

  test.each([
    ['an empty text', SID, ''],
    ['a blank text', SID, '  \n\t '],
    ['a non-string text', SID, 42],
    ['an undefined text', SID, undefined],
    ['an empty session id', '', 'hi'],
    ['a session id with a slash', '123/../456', 'hi'],
    ['a session id with a space', '123 456', 'hi'],
    ['a non-string session id', 123, 'hi'],
  ])('rejects %s synchronously with InvalidArgumentError, sending nothing', (_, sessionId, text) => {
    const seen = serveSse(answer);
    expect(() => client().chat.stream(sessionId as string, text as string)).toThrow(InvalidArgumentError);
    expect(seen).toHaveLength(0);
  });
});

const textOf = (body: unknown) => (body as { new_message: { parts: Array<{ text: string }> } }).new_message.parts[0]!.text;
