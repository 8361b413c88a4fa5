import { ResponseValidationError } from '../core/errors/base.js';
import { errorOf, eventStreamResponse, fromEventStream, toEventStream, type Failure } from '../core/event-relay.js';
import type { StudioUpdate } from './studio-updates.js';

/**
 * Studio's updates (`studio.say(...)`, `studio.connect()`) as Server-Sent Events, one `data: <StudioUpdate JSON>`
 * each as it comes, for a server to relay to its page; {@link studioUpdatesFromResponse} reads them back. A
 * failure ends the stream with an `event: failure` frame (the error's class, status and code; never a token);
 * the normal end is an `event: end` frame. A remedy's `error` goes the same way, and a registration link that
 * would bind the server's own anonymous account is left out. Cancelling the stream (the page went away) ends
 * the iteration once the step yields again: pass the request's `signal` to `studio.say` to stop it at once.
 *
 * @example
 * ```ts
 * const body = studioUpdatesToReadableStream(studio.say(text));
 * ```
 */
export function studioUpdatesToReadableStream(updates: AsyncIterable<StudioUpdate>): ReadableStream<Uint8Array> {
  return toEventStream(forThePage(updates));
}

/** `updates` without the registration links that name the server's own anonymous account (`?bind=<its user id>`). */
async function* forThePage(updates: AsyncIterable<StudioUpdate>): AsyncGenerator<StudioUpdate> {
  for await (const update of updates) {
    yield update.type === 'remedy' ? { ...update, links: update.links.filter((link) => !/[?&]bind=/.test(link.url)) } : update;
  }
}

/**
 * {@link studioUpdatesToReadableStream} as a `text/event-stream` Response, with caching and proxy buffering turned
 * off; `init` adds a status or headers. Return it from a route handler.
 *
 * @example
 * ```ts
 * export async function POST(request: Request) {
 *   const { text } = await request.json();
 *   return studioUpdatesToResponse(studio.say(text, { signal: request.signal }));
 * }
 * ```
 */
export function studioUpdatesToResponse(updates: AsyncIterable<StudioUpdate>, init?: ResponseInit): Response {
  return eventStreamResponse(studioUpdatesToReadableStream(updates), init);
}

/**
 * Reads Studio's updates that a server relayed with {@link studioUpdatesToResponse}: the same typed updates.
 * A response that is not OK throws its typed error; an error the server's stream ended in is thrown as its own
 * class (an APIError subclass, else a StreamError); a connection cut before the end is a StreamError. Leaving
 * the loop, or aborting `signal`, closes the connection.
 *
 * @example
 * ```ts
 * const response = await fetch('/api/say', { method: 'POST', body: JSON.stringify({ text }) });
 * for await (const update of studioUpdatesFromResponse(response)) show(update.message);
 * ```
 */
export function studioUpdatesFromResponse(
  response: Response,
  options: {
    /**
     * Aborting it closes the connection.
     * @default undefined
     */
    signal?: AbortSignal | undefined;
  } = {},
): AsyncGenerator<StudioUpdate, void, undefined> {
  return fromEventStream(response, checkUpdate, options);
}

/** Every update has a `type` and a `message` for a person; the rest is per type. A remedy's `error` is typed again. */
function checkUpdate(value: unknown, index: number): StudioUpdate {
  const update = value as Partial<StudioUpdate> | null;
  const wrong = typeof update?.type !== 'string' ? 'type' : typeof update.message !== 'string' ? 'message' : undefined;
  if (wrong) throw new ResponseValidationError(`Unexpected relayed update #${index}: ${wrong} should be a string.`, `update[${index}].${wrong}`, 'a string');
  const checked = update as StudioUpdate;
  if (checked.type === 'remedy' && checked.error && typeof checked.error === 'object') return { ...checked, error: errorOf(checked.error as Failure) };
  return checked;
}
