import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import {
  FileTooLargeError,
  InvalidArgumentError,
  MAX_UPLOAD_BYTES,
  UnsupportedFileTypeError,
  type UploadProgress,
} from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { recordRequests } from '../helpers/requests.js';
import { BASE, server } from '../helpers/server.js';

const SID = '5529798706024415232';
const UPLOAD_URL = `${BASE}/api/upload-video/nemo_agent/me/:sid`;
const BYTES = new Uint8Array([0, 1, 2, 3, 250, 251, 252, 253, 254, 255]);
const MiB = 1024 * 1024;

const uploaded = {
  files: [
    {
      filename: 'clip.mp4',
      file_type: 'video',
      cdn_url: 'https://cdn.test/clip.mp4',
      duration: 30.5,
      width: 1920,
      height: 1080,
      fps: 30,
      hash: 'abc',
    },
  ],
  session_state_applied: true,
};

/** One `files` part as the server received it. */
interface ReceivedPart {
  name: string;
  bytes: number[];
}

/** Answers uploads with `data`, keeping the session id and the `files` parts of each request. */
function serveUpload(data: unknown = uploaded) {
  const received: Array<{ sid: string; parts: ReceivedPart[] }> = [];
  server.use(
    http.post(UPLOAD_URL, async ({ request, params }) => {
      const form = await request.formData();
      const parts = await Promise.all(
        form.getAll('files').map(async (part) => ({ name: (part as File).name, bytes: [...new Uint8Array(await (part as File).arrayBuffer())] })),
      );
      received.push({ sid: String(params.sid), parts });
      return HttpResponse.json(ok(data));
    }),
  );
  return received;
}

/** A stream that gives `bytes` in two chunks. */
const streamOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, 4));
      controller.enqueue(bytes.slice(4));
      controller.close();
    },
  });

describe('uploads.create sources', () => {
  test.each([
    ['a Blob with a filename', () => ({ file: new Blob([BYTES]), filename: 'clip.mp4' })],
    ['a File (its name is used)', () => ({ file: new File([BYTES], 'clip.mp4') })],
    ['a Uint8Array with a filename', () => ({ file: BYTES, filename: 'clip.mp4' })],
    ['a ReadableStream with a filename', () => ({ file: streamOf(BYTES), filename: 'clip.mp4' })],
  ])('sends %s as one multipart part named files with its name and bytes', async (_, request) => {
    const received = serveUpload();
    await client().uploads.create(SID, request());
    expect(received).toEqual([{ sid: SID, parts: [{ name: 'clip.mp4', bytes: [...BYTES] }] }]);
  });

  test('prefers an explicit filename over the File name', async () => {
    const received = serveUpload();
    await client().uploads.create(SID, { file: new File([BYTES], 'upload.bin'), filename: 'cover.PNG' });
    expect(received[0]!.parts[0]!.name).toBe('cover.PNG');
  });
});

describe('uploads.create checks before sending', () => {
  test.each([['virus.exe'], ['README'], ['archive.tar.gz'], ['clip.mp4.exe']])(
    'refuses %j as UnsupportedFileTypeError with the accepted formats, sending nothing',
    async (filename) => {
      const seen = recordRequests();
      const error = await rejectionOf(client().uploads.create(SID, { file: BYTES, filename }));
      expect(error).toBeInstanceOf(UnsupportedFileTypeError);
      expect(error.acceptedFormats).toEqual(expect.arrayContaining(['mp4', 'mov', 'png', 'jpg', 'mp3', 'wav']));
      expect(seen).toEqual([]);
    },
  );

  test('judges a File by its own name', async () => {
    const seen = recordRequests();
    await expect(client().uploads.create(SID, { file: new File([BYTES], 'setup.exe') })).rejects.toBeInstanceOf(UnsupportedFileTypeError);
    expect(seen).toEqual([]);
  });

  test('accepts an upper-case extension', async () => {
    const received = serveUpload();
    await client().uploads.create(SID, { file: BYTES, filename: 'CLIP.MOV' });
    expect(received).toHaveLength(1);
  });

  test('needs a filename for bytes that are not a File', async () => {
    const seen = recordRequests();
    await expect(client().uploads.create(SID, { file: BYTES })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test('the limit is 200 MB', () => {
    expect(MAX_UPLOAD_BYTES).toBe(200 * MiB);
  });

  test('refuses a Blob over 200 MB as FileTooLargeError, sending nothing', async () => {
    const seen = recordRequests();
    const oneMiB = new Blob([new Uint8Array(MiB)]);
    const big = new Blob(Array.from({ length: 201 }, () => oneMiB)); // parts shared, not copied
    expect(big.size).toBeGreaterThan(MAX_UPLOAD_BYTES);
    await expect(client().uploads.create(SID, { file: big, filename: 'big.mp4' })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(seen).toEqual([]);
  });

  test('stops reading a stream that passes 200 MB, cancels it and sends nothing', async () => {
    const seen = recordRequests();
    const chunk = new Uint8Array(8 * MiB);
    const endless = 400 * MiB;
    let pulled = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulled >= endless) return controller.close();
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    await expect(client().uploads.create(SID, { file: stream, filename: 'big.mp4' })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(MAX_UPLOAD_BYTES + chunk.byteLength);
    expect(seen).toEqual([]);
  });

  test.each([
    ['Uint8Array', () => new Uint8Array(0)],
    ['Blob', () => new Blob([])],
    ['ReadableStream', () => new ReadableStream<Uint8Array>({ start: (c) => c.close() })],
  ])('refuses an empty %s as InvalidArgumentError, sending nothing', async (_, file) => {
    const seen = recordRequests();
    await expect(client().uploads.create(SID, { file: file(), filename: 'clip.mp4' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test('refuses a bad session id, sending nothing', async () => {
    const seen = recordRequests();
    await expect(client().uploads.create('../x', { file: BYTES, filename: 'clip.mp4' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test('options given in the request (the old shape) are refused with where they go, sending nothing', async () => {
    const seen = recordRequests();
    const oldShape = { file: BYTES, filename: 'clip.mp4', onProgress: () => undefined, signal: new AbortController().signal };
    const error = await rejectionOf(client().uploads.create(SID, oldShape as never));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toBe(
      'uploads.create takes onProgress, signal in its third argument (options), not in the request: create(sessionId, { file, filename }, { onProgress, signal }).',
    );
    expect(seen).toEqual([]);
  });
});

describe('uploads.create progress and response', () => {
  test('reports progress from 0 rising to the file size, as the bytes go out', async () => {
    const file = new Uint8Array(256 * 1024).fill(7);
    const progress: UploadProgress[] = [];
    let beforeAnswer: UploadProgress[] = [];
    server.use(
      http.post(UPLOAD_URL, async ({ request }) => {
        await request.formData(); // the whole body has been read: every byte has gone out
        beforeAnswer = [...progress];
        return HttpResponse.json(ok(uploaded));
      }),
    );
    await client().uploads.create(SID, { file, filename: 'clip.mp4' }, { onProgress: (p) => progress.push({ ...p }) });
    // Counted as fetch read the file (Node), not only announced once the server had answered.
    expect(beforeAnswer.at(-1)).toEqual({ loaded: file.byteLength, total: file.byteLength });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toEqual({ loaded: 0, total: file.byteLength });
    expect(progress.at(-1)).toEqual({ loaded: file.byteLength, total: file.byteLength });
    for (const [i, p] of progress.entries()) {
      expect(p.total).toBe(file.byteLength);
      expect(p.loaded).toBeLessThanOrEqual(file.byteLength);
      if (i > 0) expect(p.loaded).toBeGreaterThanOrEqual(progress[i - 1]!.loaded);
    }
  });

  test('maps cdn_url, file_type and session_state_applied, keeping duration and unknown fields', async () => {
    serveUpload();
    const result = await client().uploads.create(SID, { file: BYTES, filename: 'clip.mp4' });
    expect(result.sessionStateApplied).toBe(true);
    expect(result.files).toHaveLength(1);
    expect(result.files[0]).toMatchObject({
      filename: 'clip.mp4',
      type: 'video',
      url: 'https://cdn.test/clip.mp4',
      duration: 30.5,
      width: 1920,
      height: 1080,
      fps: 30,
      hash: 'abc',
    });
    expect(result.files[0]).not.toHaveProperty('cdn_url');
    expect(result.files[0]).not.toHaveProperty('file_type');
    expect(result).not.toHaveProperty('session_state_applied');
  });

  test.each([
    [4001, 200, UnsupportedFileTypeError],
    [4001, 400, UnsupportedFileTypeError],
    [4002, 200, FileTooLargeError],
    [4002, 413, FileTooLargeError],
  ])('maps code %i from the server (HTTP %i) to its error class', async (code, status, ErrorClass) => {
    server.use(http.post(UPLOAD_URL, () => HttpResponse.json({ code, message: 'rejected', data: null }, { status })));
    const error = await rejectionOf(client().uploads.create(SID, { file: BYTES, filename: 'clip.mp4' }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.code).toBe(code);
  });
});

describe('uploads.fromUrls', () => {
  test('POSTs {urls, source_type: "url"} as JSON', async () => {
    let body: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(UPLOAD_URL, async ({ request }) => {
        contentType = request.headers.get('content-type');
        body = await request.json();
        return HttpResponse.json(ok(uploaded));
      }),
    );
    const urls = ['https://example.com/a.mp4', 'http://example.com/b.png'];
    const result = await client().uploads.fromUrls(SID, urls);
    expect(body).toEqual({ urls, source_type: 'url' });
    expect(contentType).toMatch(/^application\/json/);
    expect(result.files[0]).toMatchObject({ url: 'https://cdn.test/clip.mp4', type: 'video' });
  });

  test.each([
    ['an empty array', []],
    ['an ftp URL', ['ftp://example.com/a.mp4']],
    ['a path', ['/tmp/a.mp4']],
    ['a file URL', ['file:///tmp/a.mp4']],
    ['one bad among good', ['https://example.com/a.mp4', 'javascript:alert(1)']],
    ['a URL with no host', ['https://']],
    ['not an array', 'https://example.com/a.mp4'],
  ])('refuses %s as InvalidArgumentError, sending nothing', async (_, urls) => {
    const seen = recordRequests();
    await expect(client().uploads.fromUrls(SID, urls as string[])).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });
});
