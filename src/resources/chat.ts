import { InvalidArgumentError, NemoVideoError, ResponseValidationError, StreamError } from '../core/errors/base.js';
import { sseReader, type SSEReader } from '../core/sse.js';
import type { Transport } from '../core/transport.js';
import { validate } from '../core/validate.js';
import { adkEvents, ChatEventsSchema, type ChatEvent } from '../schemas/chat-event.js';
import { checkId, describe } from './args.js';
import { ChatStream } from './chat-stream.js';

/**
 * Options of `chat.stream`. Every timing is an option so tests can run in milliseconds.
 *
 * @example
 * ```ts
 * nv.chat.stream(id, 'add lo-fi BGM', { signal: AbortSignal.timeout(60_000), partial: true });
 * ```
 */
export interface ChatStreamOptions {
  /**
   * Aborting closes the connection (the agent's run may go on on the server).
   * @default undefined (the stream runs until it ends)
   */
  signal?: AbortSignal | undefined;
  /**
   * Headers for this message's request, over the client's `defaultHeaders` (as for every call; a chat has no
   * `timeout` or `maxRetries`: its limits are the ones below, and a message is never sent twice).
   * @default undefined (the client's `defaultHeaders` only)
   */
  headers?: Record<string, string> | undefined;
  /**
   * Ask for live text deltas (`partial: true` events) before each final text.
   * @default false
   */
  partial?: boolean | undefined;
  /**
   * A `still_working` event after each this many ms without text.
   * @default 120000 (2 minutes)
   */
  stillWorkingAfter?: number | undefined;
  /**
   * End with a StreamError after this many ms without a content event (heartbeats don't count).
   * @default 600000 (10 minutes)
   */
  stallAfter?: number | undefined;
  /**
   * End with a StreamError after this many ms in all.
   * @default 900000 (15 minutes)
   */
  maxDuration?: number | undefined;
  /**
   * Largest single event accepted, in characters.
   * @default 8388608 (8 MiB)
   */
  maxEventChars?: number | undefined;
}

const MINUTE = 60_000;

/**
 * The agent chat (`/run_sse`): send one message, stream what the agent does.
 *
 * @example
 * ```ts
 * const text = await nv.chat.stream(session.id, 'make it 15 seconds').finalText();
 * ```
 */
export class Chat {
  readonly #transport: Transport;
  /** @internal The client makes this. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Sends `text` to the session's agent and returns its events as they come. Nothing is sent until you
   * iterate (or call `finalText()`), and a message that may have run is never sent again: a cut stream ends in
   * a StreamError, and `nv.state.get()` tells what the agent did. Only a 429 refusal, which proves it never
   * ran, is waited out and sent again once (`retryRateLimit`; see docs/errors.md, "What the SDK retries").
   *
   * @example
   * ```ts
   * for await (const ev of nv.chat.stream(session.id, 'add lo-fi BGM')) {
   *   if (ev.type === 'text') process.stdout.write(ev.text);
   *   if (ev.type === 'still_working') console.log('⏳ Still working...');
   * }
   * ```
   */
  stream(sessionId: string, text: string, options: ChatStreamOptions = {}): ChatStream {
    checkId(sessionId, 'sessionId');
    if (typeof text !== 'string' || !text.trim()) throw new InvalidArgumentError(`text must be a non-empty string, got ${describe(text)}.`);
    // Closes the turn's connection when a relay of it is cancelled (see ChatStream.toReadableStream).
    const closer = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, closer.signal]) : closer.signal;
    return new ChatStream(this.#run(sessionId, text, { ...options, signal }), () => closer.abort());
  }

  async *#run(sessionId: string, text: string, options: ChatStreamOptions): AsyncGenerator<ChatEvent> {
    const { stillWorkingAfter = 2 * MINUTE, stallAfter = 10 * MINUTE, maxDuration = 15 * MINUTE, maxEventChars = 8 * 1024 * 1024 } = options;
    const start = Date.now();
    // One controller ends the request for every reason: the caller's signal, a stall, the cap, or leaving the loop.
    const watchdog = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, watchdog.signal]) : watchdog.signal;
    const stillRunning = `The agent may still be working: check nv.state.get("${sessionId}") instead of sending the message again.`;
    const fail = (message: string) => watchdog.abort(new StreamError(`${message} ${stillRunning}`));
    const capAt = start + maxDuration;
    let stallAt = start + stallAfter;
    let lastText = start;
    let hadText = false;
    let reader: SSEReader | undefined;
    // Wakes the wait in progress, if any, for the still-working clock (true) or the abort. Each wait has its own
    // promise: racing one that lives as long as the stream would leave a reaction on it per wait, growing the
    // heap with every SSE item (issue 10). The abort ends a pending read too: not every fetch (msw, some
    // polyfills and proxies) errors the body when its signal aborts.
    let wake: ((tick: boolean) => void) | undefined;
    const onAbort = () => wake?.(false);
    signal.addEventListener('abort', onAbort, { once: true });
    // One timer for every deadline. An event only moves a deadline; the timer, when it fires early, re-arms
    // itself for the nearest one, so a fast stream costs no timer call per event.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timerAt = Infinity;
    const arm = (now: number) => {
      clearTimeout(timer);
      const tickAt = lastText + stillWorkingAfter;
      // A still_working that fell due while no wait was on is told by the next wait, which re-arms for it.
      timerAt = Math.min(capAt, stallAt, wake || tickAt > now ? tickAt : Infinity);
      timer = setTimeout(check, Math.min(Math.max(0, timerAt - now), MAX_TIMER));
    };
    const check = () => {
      const now = Date.now();
      if (now >= capAt) return fail(`The turn ran longer than ${Math.round(maxDuration / 1000)} s.`);
      if (now >= stallAt) return fail(`No progress for ${Math.round(stallAfter / 1000)} s.`);
      if (wake && now >= lastText + stillWorkingAfter) {
        wake(true);
        wake = undefined;
      }
      arm(now);
    };
    arm(start);
    // `next`'s value, or TICK when stillWorkingAfter ms without text pass first: before the response headers
    // come (a gateway may hold them back) as much as between events.
    const wait = <T>(next: Promise<T>) =>
      new Promise<T | typeof TICK>((resolve, reject) => {
        wake = (tick) => (tick ? resolve(TICK) : reject(signal.reason));
        next.then(resolve, reject);
        if (signal.aborted) reject(signal.reason);
        else if (timerAt > lastText + stillWorkingAfter) arm(Date.now());
      });
    const stillWorking = (): ChatEvent => {
      lastText = Date.now();
      return { type: 'still_working', elapsedMs: lastText - start };
    };

    try {
      const sent = this.#transport.send({
        method: 'POST',
        path: 'run_sse',
        ownHeaders: { Accept: 'text/event-stream' },
        json: {
          app_name: 'nemo_agent',
          user_id: 'me',
          session_id: sessionId,
          new_message: { role: 'user', parts: [{ text }] },
          ...(options.partial && { streaming: true }),
        },
        signal,
        timeout: false,
        headers: options.headers,
      });
      let response;
      while ((response = await wait(sent)) === TICK) yield stillWorking();
      // The transport already turned a JSON error body into its error; any other JSON is not a stream.
      if (/\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
        throw new ResponseValidationError('Unexpected response: /run_sse answered with JSON instead of an event stream.', 'body', 'an event stream');
      }
      if (!response.body) throw new StreamError('The chat response has no body.');
      reader = sseReader(response.body, maxEventChars);
      const read = () => {
        const next = reader!.read();
        next.catch(() => undefined); // a read left pending when the loop ends must not become an unhandled rejection
        return next;
      };
      let pending = read();
      let index = 0;
      for (;;) {
        let items;
        while ((items = await wait(pending)) === TICK) yield stillWorking();
        if (!items) break;
        pending = read();
        for (const item of items) {
          const at = index++;
          if ('comment' in item || !item.data.trim()) {
            yield { type: 'heartbeat' };
            continue;
          }
          for (const event of toEvents(this.#transport.scrubText(item.data), at)) {
            if (event.type !== 'heartbeat') {
              const now = Date.now();
              stallAt = now + stallAfter;
              if (event.type === 'text') {
                hadText = true;
                lastText = now;
              }
            }
            yield event;
          }
        }
      }
      yield { type: 'done', hadText };
    } catch (error) {
      // Errors are built here too (a stall, a bad event), out of the transport's reach: it scrubs the token out of them.
      if (watchdog.signal.aborted) throw this.#transport.scrub(watchdog.signal.reason);
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof NemoVideoError) throw this.#transport.scrub(error);
      // Anything else from reading the body (undici's TypeError "terminated", a reset, a proxy's error) is a cut.
      throw this.#transport.scrub(
        new StreamError(`The connection closed mid-stream (${(error as Error)?.message ?? String(error)}). ${stillRunning}`, { cause: error }),
      );
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      await reader?.cancel();
      if (!watchdog.signal.aborted) watchdog.abort();
    }
  }
}

const TICK = Symbol('tick');
/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_TIMER = 2 ** 31 - 1;

/**
 * An SSE item's data (scrubbed of secrets) as ChatEvents: bad JSON is a StreamError. The common ADK shapes take
 * a checked fast path; anything else goes through the schema.
 */
function toEvents(data: string, index: number): ChatEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new StreamError(`Stream event #${index} is not valid JSON: ${data.slice(0, 80)}`);
  }
  return adkEvents(json) ?? validate(ChatEventsSchema, json, `event[${index}]`);
}
