import * as z from 'zod/mini';
import { ResponseValidationError } from '../core/errors/base.js';
import { Json } from './common.js';

/**
 * One thing that happened in a chat turn. `text` goes to the user; `tool_call` / `tool_result` are the agent's
 * work; `heartbeat` and `still_working` mean it is busy; `error` is a failure the agent reported; `done` ends
 * every stream that was not cut.
 *
 * @example
 * ```ts
 * for await (const ev of nv.chat.stream(id, 'make it 15 seconds')) if (ev.type === 'text') show(ev.text);
 * ```
 */
export type ChatEvent =
  | {
      /** Words for the user. */
      type: 'text';
      /** The text: a whole message, or a fragment of one when `partial`. */
      text: string;
      /** A live delta: the final text that follows repeats it whole. */
      partial: boolean;
      /** The agent that wrote it, when the event names one. */
      author?: string | undefined;
    }
  | {
      /** The agent started a tool. Internal work: show at most a progress hint. */
      type: 'tool_call';
      /** The call's id, matching its `tool_result`, when sent. */
      id?: string | undefined;
      /** The tool's name, e.g. `edit_multitrack` (`unknown` when not sent). */
      name: string;
      /** The tool's arguments, exactly as the agent sent them (`{}` when none). */
      args: Record<string, unknown>;
    }
  | {
      /** A tool finished; the run goes on whether it failed or not. */
      type: 'tool_result';
      /** The id of the `tool_call` this answers, when sent. */
      id?: string | undefined;
      /** The tool's name (`unknown` when not sent). */
      name: string;
      /** What the tool returned, exactly as sent. */
      result: unknown;
      /** Set when the tool failed: the `error` its result carried, as text. */
      error?: string | undefined;
    }
  | {
      /** A keep-alive from the server (an SSE comment, an empty `data:` line or a heartbeat event). */
      type: 'heartbeat';
    }
  | {
      /** Made by the SDK: no text has come for `stillWorkingAfter` ms, but the run is alive. */
      type: 'still_working';
      /** ms since the turn started. */
      elapsedMs: number;
    }
  | {
      /** A failure the agent reported. It does not throw. */
      type: 'error';
      /** What went wrong, as the service put it. */
      message: string;
      /** The service's error code, when it sent one. */
      code?: string | number | undefined;
      /** A terminal error ends the run; a non-terminal one (a model failure) may be followed by more events. */
      terminal: boolean;
    }
  | {
      /** Made by the SDK: the last event of every stream that ended normally. */
      type: 'done';
      /** Whether any text came; false when the turn ended with tool calls only (check `nv.state.get`). */
      hadText: boolean;
    };

const Part = z.looseObject({
  text: z.optional(z.string()),
  thought: z.optional(z.boolean()),
  functionCall: z.optional(z.looseObject({ id: z.optional(z.string()), name: z.string(), args: z.nullish(Json) })),
  functionResponse: z.optional(z.looseObject({ id: z.optional(z.string()), name: z.string(), response: z.optional(z.unknown()) })),
});

/** ADK's event (camelCase; keys inside args and responses are user data and stay as sent). */
const AdkEvent = z.looseObject({
  author: z.optional(z.string()),
  partial: z.optional(z.boolean()),
  errorCode: z.optional(z.union([z.string(), z.number()])),
  errorMessage: z.optional(z.string()),
  error: z.optional(z.string()),
  content: z.optional(z.nullable(z.looseObject({ parts: z.optional(z.array(Part)) }))),
});

/** The older, simplified form: `{"type":"text","content":…}` and friends. */
const SimpleEvent = z.looseObject({
  type: z.string(),
  content: z.optional(z.unknown()),
  text: z.optional(z.string()),
  id: z.optional(z.string()),
  name: z.optional(z.string()),
  args: z.nullish(Json),
  result: z.optional(z.unknown()),
  message: z.optional(z.string()),
});

/** A tool result's `error`, as text, when it has one (any other result, object or not, has none). */
const errorOf = (response: unknown) => {
  const error = (response as { error?: unknown } | null | undefined)?.error;
  return error ? String(error) : undefined;
};

function fromSimple(e: z.output<typeof SimpleEvent>): ChatEvent[] {
  const text = typeof e.content === 'string' ? e.content : e.text;
  switch (e.type) {
    case 'text':
      return text ? [{ type: 'text', text, partial: false }] : [];
    case 'tool_call':
      return [{ type: 'tool_call', id: e.id, name: e.name ?? 'unknown', args: e.args ?? {} }];
    case 'tool_result':
      return [{ type: 'tool_result', id: e.id, name: e.name ?? 'unknown', result: e.result, error: errorOf(e.result) }];
    case 'heartbeat':
      return [{ type: 'heartbeat' }];
    case 'error':
      return [{ type: 'error', message: e.message ?? text ?? 'unknown error', terminal: true }];
    default:
      return []; // a newer event kind: ignored rather than fatal
  }
}

function fromAdk(e: z.output<typeof AdkEvent>): ChatEvent[] {
  if (e.error !== undefined && Object.keys(e).length === 1) return [{ type: 'error', message: e.error, terminal: true }];
  const events: ChatEvent[] = [];
  if (e.errorCode !== undefined || e.errorMessage !== undefined) {
    events.push({ type: 'error', message: e.errorMessage ?? String(e.errorCode), code: e.errorCode, terminal: false });
  }
  for (const part of e.content?.parts ?? []) {
    if (part.functionCall) events.push({ type: 'tool_call', ...part.functionCall, args: part.functionCall.args ?? {} });
    else if (part.functionResponse) {
      const { response, ...call } = part.functionResponse;
      events.push({ type: 'tool_result', ...call, result: response, error: errorOf(response) });
    } else if (part.text && !part.thought) {
      events.push({ type: 'text', text: part.text, partial: e.partial === true, author: e.author });
    }
  }
  return events;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptional = (value: unknown, type: 'string' | 'boolean') => value === undefined || typeof value === type;

/** Part's checks, by hand. */
function isPart(part: unknown): part is z.output<typeof Part> {
  if (!isObject(part) || !isOptional(part.text, 'string') || !isOptional(part.thought, 'boolean')) return false;
  const { functionCall: call, functionResponse: response } = part;
  return (
    (call === undefined || (isObject(call) && isOptional(call.id, 'string') && typeof call.name === 'string' && (call.args == null || isObject(call.args)))) &&
    (response === undefined || (isObject(response) && isOptional(response.id, 'string') && typeof response.name === 'string'))
  );
}

/**
 * The ChatEvents of an ADK event, checked by hand for speed: zod costs more than JSON.parse on the stream. It
 * makes AdkEvent's checks field for field and maps with the schema's own `fromAdk`, so the events are the
 * schema's; anything it does not take (the simple form, a field of another type) is undefined, and the caller
 * parses with ChatEventsSchema, which also names what is wrong (test/unit/schemas/chat-event-fast.test.ts).
 */
export function adkEvents(value: unknown): ChatEvent[] | undefined {
  if (!isObject(value) || 'type' in value) return undefined;
  const { content, errorCode } = value;
  const fits =
    isOptional(value.author, 'string') &&
    isOptional(value.partial, 'boolean') &&
    (errorCode === undefined || typeof errorCode === 'string' || typeof errorCode === 'number') &&
    isOptional(value.errorMessage, 'string') &&
    isOptional(value.error, 'string') &&
    (content == null || (isObject(content) && (content.parts === undefined || (Array.isArray(content.parts) && content.parts.every(isPart)))));
  return fits ? fromAdk(value as z.output<typeof AdkEvent>) : undefined;
}

/** One SSE `data:` payload, in either form, as the ChatEvents it holds (possibly none). */
export const ChatEventsSchema = z.pipe(
  z.union([SimpleEvent, AdkEvent]),
  z.transform((e): ChatEvent[] =>
    'type' in e && typeof e.type === 'string' ? fromSimple(e as z.output<typeof SimpleEvent>) : fromAdk(e as z.output<typeof AdkEvent>),
  ),
);

/** The fields each ChatEvent type must have, with their `typeof`: what a relayed event is checked against. */
const CHAT_EVENT_FIELDS: Record<ChatEvent['type'], Record<string, string>> = {
  text: { text: 'string', partial: 'boolean' },
  tool_call: { name: 'string', args: 'object' },
  tool_result: { name: 'string' },
  heartbeat: {},
  still_working: { elapsedMs: 'number' },
  error: { message: 'string', terminal: 'boolean' },
  done: { hadText: 'boolean' },
};

/**
 * A ChatEvent as the SDK itself gives it (relayed by `ChatStream.toResponse()`, not the service's wire form), or
 * a ResponseValidationError naming the event and field.
 */
export function checkChatEvent(value: unknown, index: number): ChatEvent {
  const event = value as Record<string, unknown> | null;
  const fields = CHAT_EVENT_FIELDS[event?.type as ChatEvent['type']];
  const wrong = fields ? Object.keys(fields).find((key) => typeof event![key] !== fields[key]) : 'type';
  if (wrong) {
    const expected = fields ? `a ${fields[wrong]}` : 'a ChatEvent type';
    throw new ResponseValidationError(`Unexpected relayed event #${index}: ${wrong} should be ${expected}.`, `event[${index}].${wrong}`, expected);
  }
  return event as ChatEvent;
}
