/** Thrown through a body stream that passed its limit; the proxy answers 413. */
export class OverLimit extends Error {
  override name = 'OverLimit';
}

/**
 * `body` as it passes, counted: past `limit` bytes the stream errors (and whatever reads it, the upstream
 * fetch, fails) instead of going on. Nothing is held beyond the chunk in flight.
 */
export function limitBody(body: ReadableStream<Uint8Array>, limit: number, onOver: () => void): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          onOver();
          controller.error(new OverLimit(`The body passed ${limit} bytes.`));
        } else controller.enqueue(chunk);
      },
    }),
  );
}

/** Reads a small body whole, as text; undefined when it passes `limit` bytes (reading stops there). */
export async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
