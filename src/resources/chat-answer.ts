import { StreamError } from '../core/errors/base.js';
import type { ChatEvent } from '../schemas/chat-event.js';

/** How many delta pieces are kept before they are joined into one. */
const DELTA_PIECES = 256;

/** Some runs end with this after their real answer; it is noise when other text came. */
const TEMPORARY_ISSUE = /encountered a temporary issue/i;

/**
 * What `ChatStream.finalText()` answers from: a turn's final texts, the live deltas since the last one, and a
 * terminal error. Per event it keeps only a reference. Deltas matter only when no final text follows them (the
 * final text repeats them whole, and drops them); they are joined every DELTA_PIECES, so they hold their text
 * and a bounded number of pieces, not a string per delta as `+=` builds.
 */
export class ChatAnswer {
  readonly #finals: string[] = [];
  #deltas: string[] = [];
  #terminalError: string | undefined;

  /** Takes in one event of the turn. */
  note(event: ChatEvent): void {
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
   * Each final text once, in order, joined by a blank line; a StreamError when the run ended in an error (with
   * the text said before it in the message).
   */
  text(): string {
    const finals = this.#finals;
    const texts = finals.length > 1 && TEMPORARY_ISSUE.test(finals.at(-1)!) ? finals.slice(0, -1) : finals;
    // A run that failed is not an answer, even when it said something first ("Generating…").
    if (this.#terminalError) {
      const said = texts.length ? ` after saying: "${texts.join(' ').slice(0, 200)}"` : '';
      throw new StreamError(`The agent reported an error${said}: ${this.#terminalError}`);
    }
    return texts.join('\n\n');
  }
}
