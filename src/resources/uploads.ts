import type { APIPromise } from '../core/api-promise.js';
import { isHttpUrl } from '../core/http-url.js';
import { FileTooLargeError, UnsupportedFileTypeError } from '../core/errors/api.js';
import { InvalidArgumentError } from '../core/errors/base.js';
import { isAcceptedFilename, MAX_UPLOAD_BYTES } from '../core/limits.js';
import type { CallOptions } from '../core/call-options.js';
import type { Transport } from '../core/transport.js';
import { UploadResultSchema, type UploadResult } from '../schemas/upload.js';
import { checkId, describe } from './args.js';

/**
 * Bytes to upload: a File or Blob, bytes in memory, or a stream (read into memory first, up to 200 MB).
 *
 * @example
 * ```ts
 * const file: UploadSource = new Blob([bytes], { type: 'image/png' });
 * ```
 */
export type UploadSource = Blob | Uint8Array | ReadableStream<Uint8Array>;

/**
 * How far an upload has got.
 *
 * @example
 * ```ts
 * const onProgress = ({ loaded, total }: UploadProgress) => console.log(`${Math.round((loaded / total) * 100)}%`);
 * ```
 */
export interface UploadProgress {
  /** Bytes sent so far (never more than `total`). */
  loaded: number;
  /** The file's size in bytes. */
  total: number;
}

/**
 * What `uploads.create` sends: the file, and its name.
 *
 * @example
 * ```ts
 * await nv.uploads.create(session.id, { file: bytes, filename: 'intro.mp4' });
 * ```
 */
export interface UploadRequest {
  /** The bytes to upload: up to 200 MB, not empty. A stream is read into memory first. */
  file: UploadSource;
  /**
   * Needed unless `file` is a File; its extension decides the type (mp4, mov, png, jpg…).
   * @default the File's own name
   */
  filename?: string | undefined;
}

/**
 * How `uploads.create` sends it: progress, and the options every call takes.
 *
 * @example
 * ```ts
 * await nv.uploads.create(session.id, { file }, { onProgress: (p) => console.log(p.loaded / p.total), signal: AbortSignal.timeout(300_000) });
 * ```
 */
export interface UploadOptions extends CallOptions {
  /**
   * Called as bytes go out: first with `loaded` 0, last with `loaded` equal to `total` (the file's size).
   * Browsers send the upload with XMLHttpRequest, which reports it; a browser can tell nothing through a
   * `fetch` of your own given in the client's options: there it is called at the start and end only.
   * @default undefined (no callback)
   */
  onProgress?: ((progress: UploadProgress) => void) | undefined;
}

/** A session's upload endpoint: files and URLs both go there. */
const uploadPath = (sessionId: string) => `api/upload-video/nemo_agent/me/${checkId(sessionId, 'sessionId')}`;

/** Where fetch serialises FormData in JavaScript (Node, Bun, Deno), it reads a File through `stream()`. */
const readsFilesThroughStream = () => !!(globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;

/**
 * The same bytes as a File that counts what fetch reads from it: upload progress without buffering.
 * (Browsers serialise FormData natively and never call `stream()`; there XMLHttpRequest counts, see core/xhr-fetch.ts.)
 */
function countingFile(blob: Blob, name: string, onRead: (bytes: number) => void): File {
  let read = 0;
  const counter = () =>
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        onRead(read);
        controller.enqueue(chunk);
      },
    });
  return new (class extends File {
    override stream() {
      return super.stream().pipeThrough(counter()) as ReturnType<File['stream']>;
    }
  })([blob], name, { type: blob.type });
}

/**
 * Media for a session: files (video, image, audio up to 200 MB) or public URLs.
 *
 * @example
 * ```ts
 * await nv.uploads.create(session.id, { file: input.files[0] });
 * ```
 */
export class Uploads {
  readonly #transport: Transport;
  /** @internal The client makes this. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Uploads one file. The type and the 200 MB limit are checked before a byte is sent.
   *
   * @example
   * ```ts
   * const { files } = await nv.uploads.create(
   *   session.id,
   *   { file: new Uint8Array(bytes), filename: 'cover.png' },
   *   { onProgress: (p) => console.log(p.loaded / p.total) },
   * );
   * ```
   */
  create(sessionId: string, request: UploadRequest, given: UploadOptions = {}): APIPromise<UploadResult> {
    return this.#transport.call(given, async (given) => {
      const { onProgress, ...options } = given;
      const misplaced = ['onProgress', 'signal', 'timeout'].filter((key) => key in (Object(request) as object));
      if (misplaced.length) {
        // The shape before 0.2 took them in the request: said, rather than silently dropped.
        throw new InvalidArgumentError(`uploads.create takes ${misplaced.join(', ')} in its third argument (options), not in the request: create(sessionId, { file, filename }, { ${misplaced.join(', ')} }).`);
      }
      const { file, filename } = request;
      const path = uploadPath(sessionId);
      const name = checkFilename(filename ?? (file as File | undefined)?.name);
      const blob = await toBlob(file, name);
      const total = blob.size;
      const form = new FormData();
      const progress = onProgress && ((loaded: number) => onProgress({ loaded: Math.min(loaded, total), total }));
      const streams = readsFilesThroughStream();
      if (progress && streams) {
        // No filename argument here: with one, FormData would wrap the file in a new, uncounted File.
        form.append('files', countingFile(blob, name, progress));
      } else {
        form.append('files', blob, name);
      }
      onProgress?.({ loaded: 0, total });
      const result = await this.#transport.json(
        {
          // Sending 200 MB takes a while: by default only the caller's signal ends an upload.
          timeout: false,
          ...options,
          method: 'POST',
          path,
          body: form,
          largeBody: true,
          // A browser counts the multipart body: the file plus a few hundred bytes of part headers and
          // boundaries, most of them sent before the file. Scaled to the file's size, `loaded` reaches `total`
          // with the body's last byte; clamped, it would count those headers as the file's bytes and get there early.
          onUploadProgress: progress && !streams ? (sent, size) => progress(Math.floor((sent / size) * total)) : undefined,
        },
        UploadResultSchema,
      );
      onProgress?.({ loaded: total, total });
      return result;
    });
  }

  /**
   * Adds media by public URL; the service fetches them.
   *
   * @example
   * ```ts
   * await nv.uploads.fromUrls(session.id, ['https://example.com/clip.mp4']);
   * ```
   */
  fromUrls(sessionId: string, urls: string[], options: CallOptions = {}): APIPromise<UploadResult> {
    return this.#transport.call(options, async (options) => {
      const path = uploadPath(sessionId);
      if (!Array.isArray(urls) || urls.length === 0 || !urls.every(isHttpUrl)) {
        throw new InvalidArgumentError('urls must be a non-empty array of http(s) URLs.');
      }
      return this.#transport.json({ ...options, method: 'POST', path, json: { urls, source_type: 'url' } }, UploadResultSchema);
    });
  }
}

/**
 * Refuses a file without a filename, or of a type the service does not take (4001, before a byte is sent).
 *
 * @example
 * ```ts
 * checkFilename('notes.txt'); // throws UnsupportedFileTypeError
 * ```
 */
export function checkFilename(name: unknown): string {
  if (typeof name !== 'string' || !name) {
    throw new InvalidArgumentError('A filename with an extension is needed (e.g. "clip.mp4") unless file is a File.');
  }
  if (!isAcceptedFilename(name)) throw new UnsupportedFileTypeError({ filename: name });
  return name;
}

/**
 * Brings any source to a Blob, refusing one over the limit (a stream as soon as it passes it) or empty,
 * before anything is sent.
 *
 * @example
 * ```ts
 * const blob = await toBlob(stream, 'clip.mp4'); // FileTooLargeError past 200 MB
 * ```
 */
export async function toBlob(file: UploadSource, name: string): Promise<Blob> {
  let blob: Blob;
  if (file instanceof Blob) blob = file;
  else if (file instanceof Uint8Array) blob = new Blob([file as Uint8Array<ArrayBuffer>]);
  else if (file && typeof (file as ReadableStream).getReader === 'function') blob = await readLimited(file as ReadableStream<Uint8Array>);
  else throw new InvalidArgumentError(`file must be a Blob, File, Uint8Array or ReadableStream, got ${describe(file)} for "${name}".`);
  if (blob.size > MAX_UPLOAD_BYTES) throw new FileTooLargeError();
  if (blob.size === 0) throw new InvalidArgumentError(`"${name}" is empty: nothing to upload.`);
  return blob;
}

/** Reads a stream into a Blob, stopping (and cancelling the stream) as soon as it passes the limit. */
async function readLimited(stream: ReadableStream<Uint8Array>): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return new Blob(chunks);
    size += value.byteLength;
    if (size > MAX_UPLOAD_BYTES) {
      await reader.cancel();
      throw new FileTooLargeError();
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
  }
}
