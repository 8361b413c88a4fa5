import { describe, expect, test } from 'vitest';
import { adkEvents, ChatEventsSchema } from '../../../src/schemas/chat-event.js';

const actions = { stateDelta: {}, artifactDelta: {}, requestedAuthConfigs: {} };
/** An ADK event with the fields ADK adds around the content. */
const adk = (parts: unknown[], extra: Record<string, unknown> = {}) => ({
  content: { parts, role: 'model' },
  invocationId: 'e-1',
  author: 'nemo_agent',
  actions,
  id: 'ev-1',
  timestamp: 1764700000.5,
  ...extra,
});

/** ADK events the fast path takes: it must give exactly the schema's events. */
const common: Record<string, unknown> = {
  'a final text': adk([{ text: 'Here is your video.' }]),
  'a text delta': adk([{ text: 'Here' }], { partial: true }),
  'partial: false': adk([{ text: 'x' }], { partial: false }),
  'a thought and a text': adk([{ text: 'weighing', thought: true }, { text: 'Done.', thought: false }]),
  'no author': { content: { parts: [{ text: 'hi' }] } },
  'an empty text': adk([{ text: '' }]),
  'a tool call': adk([{ functionCall: { id: 'c1', name: 'edit_multitrack', args: { track_id: 1, nested: { 'kebab-key': [1] } } } }]),
  'a tool call with no id, null args': adk([{ functionCall: { name: 'x', args: null } }]),
  'a tool call with no args and extra keys': adk([{ functionCall: { name: 'x', extra: 1 } }]),
  'a tool result': adk([{ functionResponse: { id: 'c1', name: 'edit_multitrack', response: { status: 'ok', draft: { t: [] } } } }]),
  'a tool result with an error': adk([{ functionResponse: { name: 'x', response: { error: 'quota' } } }]),
  'a tool result of a string': adk([{ functionResponse: { name: 'x', response: 'plain' } }]),
  'a tool result with no response': adk([{ functionResponse: { name: 'x' } }]),
  'a model error': adk([{ text: 'partly' }], { errorCode: 'MALFORMED_FUNCTION_CALL', errorMessage: 'bad call' }),
  'a numeric error code': { errorCode: 500 },
  'a terminal error': { error: 'boom' },
  'an error with other fields': { error: 'boom', author: 'a' },
  'null content': { author: 'a', content: null },
  'no parts': { author: 'a', content: { role: 'model' } },
  'empty parts': adk([]),
  'an empty object': {},
  'a part of every kind': adk([{ text: 'a' }, { functionCall: { name: 'f', args: {} } }, { functionResponse: { name: 'f', response: 1 } }, {}]),
};

/** Events the fast path must leave to the schema: other shapes, or fields of another type. */
const odd: Record<string, unknown> = {
  'the simple form': { type: 'text', content: 'hi' },
  'a simple heartbeat': { type: 'heartbeat' },
  'an unknown simple type': { type: 'newer_kind' },
  'a type that is not a string': adk([{ text: 'hi' }], { type: 5 }),
  'an array': [1, 2],
  'a string': 'hello',
  null: null,
  'a number author': adk([{ text: 'hi' }], { author: 5 }),
  'a string partial': adk([{ text: 'hi' }], { partial: 'yes' }),
  'a boolean errorCode': { errorCode: true },
  'a number errorMessage': { errorMessage: 1 },
  'a number error': { error: 1 },
  'content not an object': { content: 'text' },
  'content an array': { content: [] },
  'parts not an array': { content: { parts: {} } },
  'a part not an object': adk(['text']),
  'a number text': adk([{ text: 1 }]),
  'a string thought': adk([{ text: 'a', thought: 'no' }]),
  'a call with no name': adk([{ functionCall: { args: {} } }]),
  'a call with array args': adk([{ functionCall: { name: 'f', args: [1] } }]),
  'a call with string args': adk([{ functionCall: { name: 'f', args: 'x' } }]),
  'a call with a number id': adk([{ functionCall: { id: 1, name: 'f' } }]),
  'a call that is null': adk([{ functionCall: null }]),
  'a result with no name': adk([{ functionResponse: { response: {} } }]),
  'a result with a number id': adk([{ functionResponse: { id: 2, name: 'f' } }]),
};

describe('the ADK fast path', () => {
  test.each(Object.entries(common))('gives the schema’s events for %s', (_, value) => {
    const fast = adkEvents(value);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(ChatEventsSchema.parse(value));
  });

  test.each(Object.entries(odd))('leaves %s to the schema', (_, value) => {
    expect(adkEvents(value)).toBeUndefined();
  });

  test('takes nothing the schema refuses', () => {
    for (const value of Object.values(odd)) {
      const parsed = ChatEventsSchema.safeParse(value);
      // Either the schema refuses it (the caller's typed error), or takes it by a path the fast one does not.
      if (parsed.success) expect(adkEvents(value)).toBeUndefined();
    }
  });
});
