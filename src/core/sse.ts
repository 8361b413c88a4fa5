import { createParser } from 'eventsource-parser';
import { StreamError } from './errors/base.js';

/** One SSE message's data (and its `event:` name, when it has one), or a comment line (a keep-alive such as `: ping`). */
export type SSEItem = { data: string; event?: string | undefined } | { comment: string };

/** Reads SSE items from a response body, a network chunk at a time. */
export interface SSEReader {
  /** The items completed by the next chunk (maybe none); undefined once the body has ended. */
  read(): Promise<SSEItem[] | undefined>;
  /** Closes the body, and with it the connection; a pending read then resolves as ended. */
  cancel(): Promise<void>;
}

/**
 * Wraps `body` in an SSE reader built on eventsource-parser. An event larger than `maxEventChars` fails the
 * read with a StreamError instead of buffering without bound.
 */
export function sseReader(body: ReadableStream<Uint8Array>, maxEventChars: number): SSEReader {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  let items: SSEItem[] = [];
  let failure: StreamError | undefined;
  const fail = () => (failure ??= new StreamError(`A stream event exceeded ${maxEventChars} characters.`));
  // Nothing after a failure is delivered; what came before it is.
  const push = (item: SSEItem) => void (failure || items.push(item));
  const parser = createParser({
    maxBufferSize: maxEventChars,
    // The parser only measures what it buffers across chunks; an event that arrives whole is measured here.
    onEvent: ({ data, event }) => (data.length > maxEventChars ? fail() : push({ data, event })),
    onComment: (comment) => push({ comment }),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') fail();
    },
  });
  const take = () => {
    // Items completed before a failure in the same chunk go out first; the failure comes with the next read.
    if (failure && !items.length) throw failure;
    const taken = items;
    items = [];
    return taken;
  };
  return {
    async read() {
      if (failure) return take();
      const { done, value } = await reader.read();
      if (!done) {
        parser.feed(value);
        return take();
      }
      // A last event with no blank line after it still counts: end its line and the event.
      // (reset({ consume: true }) would parse the line but drop the event it belongs to.)
      parser.feed('\n\n');
      return items.length || failure ? take() : undefined;
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}
