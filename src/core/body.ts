import { ResponseValidationError } from './errors/base.js';
import { APIConnectionError } from './errors/connection.js';

/** The most the SDK buffers of one response body: no endpoint sends anything near it. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * `response` with its body read whole, within `signal` (the request's timeout and the caller's abort), so that
 * reading it is part of the request: ky's timeout and retries cover it, a connection lost mid-body is an
 * APIConnectionError (a GET retries it like any network error), and the read stops at MAX_BODY_BYTES (a
 * ResponseValidationError). An error's body that is cut or past the cap is dropped: its status still says
 * what failed.
 */
export async function readWhole(response: Response, signal: AbortSignal | undefined, origin: string): Promise<Response> {
  const tooLarge = () =>
    new ResponseValidationError(`Unexpected response: the body is over ${MAX_BODY_BYTES} bytes.`, 'body', `at most ${MAX_BODY_BYTES} bytes`);
  const chunks: Uint8Array[] = [];
  const reader = response.body?.getReader();
  // A fetch that does not end a body read on abort (msw, some polyfills) would leave a pending read pending
  // for ever. An abort that comes once the body is read changes nothing: the answer is complete.
  let reading = false;
  let interrupted = false;
  const cancel = () => {
    interrupted ||= reading;
    reader?.cancel(signal?.reason).catch(() => undefined);
  };
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    let size = Number(response.headers.get('content-length')) || 0;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    size = 0;
    for (;;) {
      reading = true;
      const { done, value } = (await reader?.read()) ?? { done: true };
      reading = false;
      if (interrupted) signal?.throwIfAborted();
      if (done) break;
      if ((size += value.byteLength) > MAX_BODY_BYTES) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    reader?.cancel().catch(() => undefined);
    signal?.throwIfAborted();
    // An error's status says what failed even when its body is lost or too large.
    if (response.ok) throw error instanceof ResponseValidationError ? error : lostWhileReading(error, origin);
    chunks.length = 0;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  const nullBody = response.status === 204 || response.status === 304;
  return new Response(nullBody ? null : new Blob(chunks as BlobPart[]), { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * `body`, with a failure while it is read (a dropped connection, a body that cannot be decoded) turned into an
 * APIConnectionError, and each chunk reported to `onChunk` as the caller reads it. The caller's abort reason
 * passes through as is.
 */
export function guardedBody(
  body: ReadableStream<Uint8Array>,
  origin: string,
  signal: AbortSignal | undefined,
  onChunk?: (chunk: Uint8Array) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        onChunk?.(value);
        controller.enqueue(value);
      } catch (error) {
        controller.error(signal?.aborted ? signal.reason : lostWhileReading(error, origin));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The error for a body read that failed on the network (undici's "terminated", a reset, bad gzip). */
function lostWhileReading(error: unknown, origin: string): APIConnectionError {
  return new APIConnectionError(`Lost the connection to ${origin} while the response was read: ${(error as Error)?.message ?? String(error)}. Try again.`, {
    cause: error instanceof Error ? error : new Error(String(error)),
  });
}
