import { InvalidArgumentError, StreamError } from '../core/errors/base.js';
import type { ChatEvent } from '../schemas/chat-event.js';

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
  #started = false;
  readonly #finals: string[] = [];
  #deltas = '';
  #terminalError: string | undefined;
  #ended: Promise<void>;
  #end!: (error?: unknown) => void;

  /** @internal The client makes these; `source` is the turn's events as they arrive. */
  constructor(source: AsyncGenerator<ChatEvent>) {
    this.#source = source;
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

  #note(event: ChatEvent): void {
    if (event.type === 'text' && event.partial) this.#deltas += event.text;
    else if (event.type === 'text') {
      this.#finals.push(event.text);
      this.#deltas = '';
    } else if (event.type === 'error' && event.terminal) this.#terminalError = event.message;
    else if (event.type === 'done' && this.#deltas) this.#finals.push(this.#deltas); // deltas never finalized
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
