/**
 * Uploads sent with XMLHttpRequest, as in a browser (core/xhr-fetch.ts): progress, the answer, and every
 * failure mapped as fetch's would be. Node has no XMLHttpRequest: a fake one stands in, relaying to msw
 * through fetch, and `process.versions.node` is hidden so that the client takes the browser's path.
 * test/browser/upload-progress.test.ts runs the real one in Chromium.
 */
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, onTestFinished, test, vi } from 'vitest';
import { APIConnectionError, APITimeoutError, FileTooLargeError, type UploadProgress } from '../../../src/index.js';
import { xhrFetch } from '../../../src/core/xhr-fetch.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { recordRequests } from '../helpers/requests.js';
import { BASE, server } from '../helpers/server.js';

const SID = '5529798706024415232';
const UPLOAD_URL = `${BASE}/api/upload-video/nemo_agent/me/${SID}`;
const BYTES = new Uint8Array([0, 1, 2, 3, 250, 251, 252, 253, 254, 255]);
const TOKEN = 'nmv_usr_testtoken';
const uploaded = { files: [{ filename: 'cover.png', file_type: 'image', cdn_url: 'https://cdn.test/cover.png', width: 64, height: 36 }] };

/** Enough of XMLHttpRequest for xhrFetch; `onSend` (set per test) plays the network. */
class FakeXHR {
  static made: FakeXHR[] = [];
  static onSend: (xhr: FakeXHR) => void = (xhr) => void xhr.relay();
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  aborted = false;
  status = 0;
  responseText = '';
  responseURL = '';
  rawHeaders = '';
  upload: { onprogress: ((event: { loaded: number; total: number }) => unknown) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getAllResponseHeaders() {
    return this.rawHeaders;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  send(body: unknown) {
    this.body = body;
    FakeXHR.made.push(this);
    FakeXHR.onSend(this);
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total });
  }
  /** Sends the request on with fetch (msw answers) and loads its answer, as a browser would. */
  async relay(responseURL?: string) {
    const response = await fetch(this.url, { method: this.method, headers: this.headers, body: this.body as BodyInit });
    this.status = response.status;
    this.responseText = await response.text();
    this.rawHeaders = [...response.headers].map(([name, value]) => `${name}: ${value}\r\n`).join('');
    this.responseURL = responseURL ?? this.url;
    this.onload?.();
  }
}

/** Answers uploads with `data`, keeping the bytes of each `files` part and the request's headers. */
function serveUpload() {
  const received: Array<{ bytes: number[]; headers: Headers }> = [];
  server.use(
    http.post(UPLOAD_URL, async ({ request }) => {
      const part = (await request.formData()).get('files') as File;
      received.push({ bytes: [...new Uint8Array(await part.arrayBuffer())], headers: request.headers });
      return HttpResponse.json(ok(uploaded), { headers: { 'x-request-id': 'req_1' } });
    }),
  );
  return received;
}

const upload = (nv = client(), options = {}) => nv.uploads.create(SID, { file: BYTES, filename: 'cover.png' }, options);

describe('in a browser (XMLHttpRequest, no process.versions.node)', () => {
  beforeEach(() => {
    FakeXHR.made = [];
    FakeXHR.onSend = (xhr) => void xhr.relay();
    vi.stubGlobal('XMLHttpRequest', FakeXHR);
    vi.stubGlobal('process', { ...process, versions: { ...process.versions, node: undefined } });
  });
  afterEach(() => void vi.unstubAllGlobals());

  test("reports the multipart body's progress in the file's bytes: from 0, never past the size, ending at it", async () => {
    const received = serveUpload();
    // The browser counts the whole multipart body (1000 bytes here for a 10-byte file); a report without a
    // length is skipped.
    FakeXHR.onSend = (xhr) => {
      for (const [loaded, total] of [[0, 1000], [5, 0], [250, 1000], [599, 1000], [1000, 1000]] as const) xhr.progress(loaded, total);
      void xhr.relay();
    };
    const progress: UploadProgress[] = [];
    const result = await upload(client(), { onProgress: (p: UploadProgress) => progress.push(p) });

    expect(progress.map((p) => p.loaded)).toEqual([0, 0, 2, 5, 10, 10]);
    expect(progress.every((p) => p.total === BYTES.length)).toBe(true);
    expect(result.files[0]).toMatchObject({ filename: 'cover.png', type: 'image', url: 'https://cdn.test/cover.png' });
    expect(received).toHaveLength(1);
    expect(received[0]!.bytes).toEqual([...BYTES]);
    const xhr = FakeXHR.made[0]!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe(UPLOAD_URL);
    expect(xhr.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // FormData goes as is: the browser writes its multipart Content-Type with the boundary.
    expect(xhr.body).toBeInstanceOf(FormData);
    expect(Object.keys(xhr.headers)).not.toContain('content-type');
  });

  test('hooks see the request and its answer, headers and all', async () => {
    serveUpload();
    const seen: string[] = [];
    const nv = client({
      hooks: {
        beforeRequest: (request) => void (request.headers['x-trace'] = 't1'),
        afterResponse: ({ response }) => void seen.push(`${response.status} ${response.headers.get('x-request-id')}`),
      },
    });
    const { response } = await upload(nv, { onProgress: () => {} }).withResponse();

    expect(FakeXHR.made[0]!.headers['x-trace']).toBe('t1');
    expect(seen).toEqual(['200 req_1']);
    expect(response.headers.get('x-request-id')).toBe('req_1');
  });

  test("an error answer is typed from its body and headers, the request id kept", async () => {
    server.use(http.post(UPLOAD_URL, () => HttpResponse.json({ code: 4002, message: 'too large' }, { status: 413, headers: { 'x-request-id': 'req_2' } })));
    const error = await rejectionOf(upload(client(), { onProgress: () => {} }));

    expect(error).toBeInstanceOf(FileTooLargeError);
    expect(error.requestId).toBe('req_2');
  });

  test('a network failure is an APIConnectionError, without the token', async () => {
    const seen = recordRequests();
    FakeXHR.onSend = (xhr) => xhr.onerror?.();
    const error = await rejectionOf(upload(client(), { onProgress: () => {} }));

    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain(`Could not reach ${BASE}`);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(TOKEN);
    expect(seen).toEqual([]);
  });

  test("the caller's abort mid-upload rejects with its reason and aborts the request", async () => {
    FakeXHR.onSend = (xhr) => xhr.progress(400, 1000);
    const controller = new AbortController();
    const reason = new Error('the user closed the dialog');
    const error = await rejectionOf(
      upload(client(), { signal: controller.signal, onProgress: (p: UploadProgress) => p.loaded > 0 && controller.abort(reason) }),
    );

    expect(error).toBe(reason);
    expect(FakeXHR.made[0]!.aborted).toBe(true);
  });

  test('a timeout mid-upload is an APITimeoutError and aborts the request', async () => {
    // The answer never comes: only the 1 ms timeout ends the call.
    FakeXHR.onSend = () => {};
    const error = await rejectionOf(upload(client(), { timeout: 1, onProgress: () => {} }));

    expect(error).toBeInstanceOf(APITimeoutError);
    expect(FakeXHR.made[0]!.aborted).toBe(true);
  });

  test('a redirect is refused, as fetch refuses it for every large body', async () => {
    serveUpload();
    FakeXHR.onSend = (xhr) => void xhr.relay('https://elsewhere.test/upload');
    const error = await rejectionOf(upload(client(), { onProgress: () => {} }));

    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain('redirected');
  });

  test('without onProgress, or with a fetch of the caller\'s own, the upload goes through fetch: start and end only', async () => {
    const received = serveUpload();
    await upload();
    const progress: UploadProgress[] = [];
    await upload(client({ fetch: (input, init) => fetch(input, init) }), { onProgress: (p: UploadProgress) => progress.push(p) });

    expect(FakeXHR.made).toEqual([]);
    expect(received).toHaveLength(2);
    expect(progress).toEqual([
      { loaded: 0, total: BYTES.length },
      { loaded: BYTES.length, total: BYTES.length },
    ]);
  });
});

test('Node counts the file as fetch reads it, even where a test environment defines XMLHttpRequest', async () => {
  vi.stubGlobal('XMLHttpRequest', FakeXHR);
  onTestFinished(() => void vi.unstubAllGlobals());
  FakeXHR.made = [];
  serveUpload();
  const progress: UploadProgress[] = [];
  await upload(client(), { onProgress: (p: UploadProgress) => progress.push(p) });

  expect(FakeXHR.made).toEqual([]);
  expect(progress.at(-1)).toEqual({ loaded: BYTES.length, total: BYTES.length });
});

describe('xhrFetch', () => {
  beforeEach(() => {
    FakeXHR.made = [];
    vi.stubGlobal('XMLHttpRequest', FakeXHR);
  });
  afterEach(() => void vi.unstubAllGlobals());

  test('an empty answer has no body (a 204 could not have one), and header values keep their colons', async () => {
    FakeXHR.onSend = (xhr) => {
      Object.assign(xhr, { status: 204, responseURL: xhr.url, rawHeaders: 'date: Thu, 03 Dec 2026 14:00:00 GMT\r\nx-a: 1\r\nx-a: 2\r\n' });
      xhr.onload?.();
    };
    const response = await xhrFetch(() => {})('https://api.test/x', { method: 'POST', headers: new Headers(), body: 'b' });

    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(response.headers.get('date')).toBe('Thu, 03 Dec 2026 14:00:00 GMT');
    expect(response.headers.get('x-a')).toBe('1, 2');
  });

  test('an already aborted signal rejects with its reason and sends nothing', async () => {
    const reason = new Error('gone');
    const call = xhrFetch(() => {})('https://api.test/x', { method: 'POST', headers: new Headers(), body: 'b', signal: AbortSignal.abort(reason) });

    await expect(call).rejects.toBe(reason);
    expect(FakeXHR.made).toEqual([]);
  });
});
