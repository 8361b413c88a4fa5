import { createParser } from 'eventsource-parser';
import { StreamError } from './errors/base.js';

/** One SSE message's data, or a comment line (a keep-alive such as `: ping`). */
export type SSEItem = { data: string } | { comment: string };

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
  const parser = createParser({
    maxBufferSize: maxEventChars,
    onEvent: ({ data }) => items.push({ data }),
    onComment: (comment) => items.push({ comment }),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') failure = new StreamError(`A stream event exceeded ${maxEventChars} characters.`);
    },
  });
  const take = () => {
    if (failure) throw failure;
    const taken = items;
    items = [];
    return taken;
  };
  return {
    async read() {
      const { done, value } = await reader.read();
      if (!done) {
        parser.feed(value);
        return take();
      }
      // A last event with no blank line after it still counts.
      parser.reset({ consume: true });
      return items.length ? take() : undefined;
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}
