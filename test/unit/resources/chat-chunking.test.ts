import { describe, expect, test } from 'vitest';
import type { ChatEvent } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { adk, collect, cut, frame, onRunSse, seededSizes, servedChunks } from '../helpers/sse.js';

const SID = '7321456789012345678';

/** A turn with every kind of frame, multi-byte text (CJK, emoji) and both line-ending styles. */
const TURN = [
  ': ping\n\n',
  frame(adk([{ text: '正在生成视频', thought: true }])),
  frame(adk([{ text: '好的，' }], { partial: true })),
  frame(adk([{ text: '开始生成 🎬' }], { partial: true })),
  frame(adk([{ text: '好的，开始生成 🎬' }])),
  'data:\n\n',
  frame(adk([{ functionCall: { id: 'c1', name: 'generate_video_with_seedance', args: { prompt_text: '海边日落 🌅', duration_s: 5 } } }])),
  `data: ${JSON.stringify(adk([{ functionResponse: { id: 'c1', name: 'generate_video_with_seedance', response: { video_url: 'https://cdn.test/a.mp4' } } }]))}\r\n\r\n`,
  frame({ type: 'text', content: 'Done — 完成 ✅👍🏽' }),
].join('');

const EXPECTED: ChatEvent[] = [
  { type: 'heartbeat' },
  { type: 'text', text: '好的，', partial: true, author: 'nemo_agent' },
  { type: 'text', text: '开始生成 🎬', partial: true, author: 'nemo_agent' },
  { type: 'text', text: '好的，开始生成 🎬', partial: false, author: 'nemo_agent' },
  { type: 'heartbeat' },
  { type: 'tool_call', id: 'c1', name: 'generate_video_with_seedance', args: { prompt_text: '海边日落 🌅', duration_s: 5 } },
  { type: 'tool_result', id: 'c1', name: 'generate_video_with_seedance', result: { video_url: 'https://cdn.test/a.mp4' }, error: undefined },
  { type: 'text', text: 'Done — 完成 ✅👍🏽', partial: false },
  { type: 'done', hadText: true },
];

/** The events yielded when the server sends `chunks`, one network chunk each. */
async function eventsFrom(chunks: Array<string | Uint8Array>): Promise<ChatEvent[]> {
  onRunSse(() => servedChunks(chunks));
  return collect(client().chat.stream(SID, 'hi', { partial: true }));
}

describe('chat.stream chunking', () => {
  test('the turn as one chunk yields the expected events', async () => {
    expect(await eventsFrom([TURN])).toStrictEqual(EXPECTED);
  });

  test('the turn cut into 1-byte chunks yields the same events', async () => {
    const chunks = cut(TURN, () => 1);
    expect(chunks.length).toBe(new TextEncoder().encode(TURN).length);
    expect(await eventsFrom(chunks)).toStrictEqual(EXPECTED);
  });

  test.each([1, 2, 3, 42, 2024, 99991])('the turn cut into random chunk sizes (seed %i) yields the same events', async (seed) => {
    expect(await eventsFrom(cut(TURN, seededSizes(seed, 23)))).toStrictEqual(EXPECTED);
  });

  test('a multi-byte character split across chunks survives', async () => {
    const sse = frame(adk([{ text: '中文🎬' }]));
    const bytes = new TextEncoder().encode(sse);
    const zhong = new TextEncoder().encode('中');
    const at = indexOfBytes(bytes, zhong);
    const clapper = indexOfBytes(bytes, new TextEncoder().encode('🎬'));
    // Cut inside 中 (3 bytes) after its first byte, and inside 🎬 (4 bytes) after its second.
    const chunks = [bytes.slice(0, at + 1), bytes.slice(at + 1, clapper + 2), bytes.slice(clapper + 2)];
    const events = await eventsFrom(chunks);
    expect(events[0]).toMatchObject({ type: 'text', text: '中文🎬' });
  });

  test.each([
    ['no newline at all', ''],
    ['one newline', '\n'],
    ['one CRLF', '\r\n'],
  ])('a last event with %s after it (no blank line) is still delivered', async (_, tail) => {
    const sse = frame(adk([{ text: 'first' }])) + `data: ${JSON.stringify(adk([{ text: 'last' }]))}${tail}`;
    for (const chunks of [[sse], cut(sse, () => 1)]) {
      const events = await eventsFrom(chunks);
      expect(events.map((e) => (e.type === 'text' ? e.text : e.type))).toStrictEqual(['first', 'last', 'done']);
    }
  });
});

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('needle not found');
}
