import { InvalidArgumentError } from '../core/errors/base.js';
import { eventStreamResponse, fromEventStream, toEventStream } from '../core/event-relay.js';
import { checkChatEvent, type ChatEvent } from '../schemas/chat-event.js';
import { ChatAnswer } from './chat-answer.js';

/**
 * A chat turn's events, as an async iterator. Breaking out of the loop or aborting closes the connection.
 * Iterate it once; `finalText()` works before, during or after that.
 *
 * @example
 * ```ts
 * const stream = nv.chat.stream(session.id, 'generate a 30-second video from this script: ...');
 * for await (const ev of stream) if (ev.type === 'text' && !ev.partial) console.log(ev.text);
 * ```
 */
export class ChatStream implements AsyncIterable<ChatEvent> {
  readonly #source: AsyncGenerator<ChatEvent>;
  readonly #close: (() => void) | undefined;
  #started = false;
  readonly #answer = new ChatAnswer();
  readonly #ended: Promise<void>;
  readonly #end: (error?: unknown) => void;

  /**
   * Reads a turn that a server relayed with {@link ChatStream.toResponse} (or `toReadableStream`): the same
   * typed events, `finalText()` included. A response that is not OK throws its typed error (as the client maps
   * it); an error the server's stream ended in is thrown as its own class (an APIError subclass, else a
   * StreamError); a connection cut before the end is a StreamError. Leaving the loop, or aborting `signal`,
   * closes the connection (and with it the server's turn).
   *
   * @example
   * ```ts
   * const response = await fetch('/api/chat', { method: 'POST', body: JSON.stringify({ sessionId, text }) });
   * for await (const ev of ChatStream.fromResponse(response)) if (ev.type === 'text' && !ev.partial) show(ev.text);
   * ```
   */
  static fromResponse(
    response: Response,
    options: {
      /**
       * Aborting it closes the connection.
       * @default undefined
       */
      signal?: AbortSignal | undefined;
    } = {},
  ): ChatStream {
    const closer = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, closer.signal]) : closer.signal;
    return new ChatStream(fromEventStream(response, checkChatEvent, { signal }), () => closer.abort());
  }

  /**
   * @internal The client makes these; `source` is the turn's events as they arrive, `close` ends its
   * connection (a relay that was cancelled calls it).
   */
  constructor(source: AsyncGenerator<ChatEvent>, close?: () => void) {
    this.#source = source;
    this.#close = close;
    [this.#ended, this.#end] = settled();
  }

  /**
   * Starts the turn and yields its events. Only once per stream: a second iteration throws
   * InvalidArgumentError.
   */
  [Symbol.asyncIterator](): AsyncGenerator<ChatEvent> {
    if (this.#started) throw new InvalidArgumentError('A ChatStream can be iterated only once; use finalText() for the answer.');
    this.#started = true;
    const notes = { answer: this.#answer };
    unheld?.register(this, notes);
    return iterate(this.#source, notes, this.#end);
  }

  /**
   * The turn's events as Server-Sent Events (`data: <ChatEvent JSON>` each, as it comes), for a server to relay
   * to its page; {@link ChatStream.fromResponse} reads them back. Like iterating, this starts the turn and uses
   * the stream up. An error ends it with an `event: failure` frame (its class, status and code; never a token);
   * the normal end is an `event: end` frame. Cancelling the stream (the page went away) closes the turn's
   * connection at once.
   *
   * @example
   * ```ts
   * const body = nv.chat.stream(sessionId, text).toReadableStream();
   * ```
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    return toEventStream(this, this.#close);
  }

  /**
   * {@link ChatStream.toReadableStream} as a `text/event-stream` Response, with caching and proxy buffering
   * turned off; `init` adds a status or headers. Return it from a route handler (Next.js, Hono, Workers, Bun, Deno).
   *
   * @example
   * ```ts
   * export async function POST(request: Request) {
   *   const { sessionId, text } = await request.json();
   *   return nv.chat.stream(sessionId, text, { signal: request.signal }).toResponse();
   * }
   * ```
   */
  toResponse(init?: ResponseInit): Response {
    return eventStreamResponse(this.toReadableStream(), init);
  }

  /**
   * The agent's answer: each final text once, in order (live deltas are never added to the final text they
   * precede). Reads the rest of the stream if nobody iterates it. Rejects with a StreamError when the run
   * ended in an error (with the text said before it in the message).
   *
   * @example
   * ```ts
   * const answer = await nv.chat.stream(session.id, 'what is on the timeline?').finalText();
   * ```
   */
  async finalText(): Promise<string> {
    if (!this.#started) for await (const _ of this);
    await this.#ended;
    return this.#answer.text();
  }
}

/**
 * Where a loop notes its events while its ChatStream is held. A loop over `nv.chat.stream(…)` itself holds no
 * ChatStream: once it is collected nobody can ask for the answer, and its texts are dropped rather than kept to
 * the end of the turn. (A WeakRef would do too, but each deref keeps its target alive to the end of the task.)
 */
const unheld = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<{ answer?: ChatAnswer }>((notes) => delete notes.answer) : undefined;

/** The turn's events, each noted in `notes.answer` (while there is one) first. */
async function* iterate(source: AsyncGenerator<ChatEvent>, notes: { answer?: ChatAnswer }, end: (error?: unknown) => void): AsyncGenerator<ChatEvent> {
  try {
    for await (const event of source) {
      notes.answer?.note(event);
      yield event;
    }
  } catch (error) {
    end(error);
    throw error;
  } finally {
    end(); // ended, or left early (the answer is what came so far); after a failure it is already settled
  }
}

/** A promise and what settles it, made apart from the stream so that holding one does not hold the stream. */
function settled(): [Promise<void>, (error?: unknown) => void] {
  let end!: (error?: unknown) => void;
  const ended = new Promise<void>((resolve, reject) => (end = (error) => (error ? reject(error) : resolve())));
  ended.catch(() => undefined); // surfaced by the loop itself; finalText re-awaits it
  return [ended, end];
}
