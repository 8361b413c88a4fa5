import { InvalidArgumentError, StreamError } from '../core/errors/base.js';
import { eventStreamResponse, fromEventStream, toEventStream } from '../core/event-relay.js';
import { checkChatEvent, type ChatEvent } from '../schemas/chat-event.js';

/** How many delta pieces ChatStream keeps before joining them into one. */
const DELTA_PIECES = 256;

/** Some runs end with this after their real answer; it is noise when other text came. */
const TEMPORARY_ISSUE = /encountered a temporary issue/i;

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
  readonly #finals: string[] = [];
  /** The live deltas since the last final text, joined only when needed (see #note). */
  #deltas: string[] = [];
  #terminalError: string | undefined;
  #ended: Promise<void>;
  #end!: (error?: unknown) => void;

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
    this.#ended = new Promise<void>((resolve, reject) => (this.#end = (error) => (error ? reject(error) : resolve())));
    this.#ended.catch(() => undefined); // surfaced by the loop itself; finalText re-awaits it
  }

  /**
   * Starts the turn and yields its events. Only once per stream: a second iteration throws
   * InvalidArgumentError.
   */
  [Symbol.asyncIterator](): AsyncGenerator<ChatEvent> {
    if (this.#started) throw new InvalidArgumentError('A ChatStream can be iterated only once; use finalText() for the answer.');
    this.#started = true;
    return this.#iterate();
  }

  async *#iterate(): AsyncGenerator<ChatEvent> {
    try {
      for await (const event of this.#source) {
        this.#note(event);
        yield event;
      }
    } catch (error) {
      this.#end(error);
      throw error;
    } finally {
      this.#end(); // ended, or left early (the answer is what came so far); after a failure it is already settled
    }
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

  // Per event, only a reference is kept: the final texts are the answer, and the deltas matter only when no final
  // text follows them. Deltas are joined every DELTA_PIECES, so what they hold stays their text plus a bounded
  // number of pieces (not a string per delta, as += builds), and a final text drops them.
  #note(event: ChatEvent): void {
    if (event.type === 'text' && event.partial) {
      if (this.#deltas.push(event.text) >= DELTA_PIECES) this.#deltas = [this.#deltas.join('')];
    } else if (event.type === 'text') {
      this.#finals.push(event.text);
      this.#deltas = [];
    } else if (event.type === 'error' && event.terminal) this.#terminalError = event.message;
    else if (event.type === 'done') {
      const deltas = this.#deltas.join('');
      if (deltas) this.#finals.push(deltas); // deltas never finalized
    }
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
    const texts = this.#finals.length > 1 && TEMPORARY_ISSUE.test(this.#finals.at(-1)!) ? this.#finals.slice(0, -1) : this.#finals;
    // A run that failed is not an answer, even when it said something first ("Generating…").
    if (this.#terminalError) {
      const said = texts.length ? ` after saying: "${texts.join(' ').slice(0, 200)}"` : '';
      throw new StreamError(`The agent reported an error${said}: ${this.#terminalError}`);
    }
    return texts.join('\n\n');
  }
}
