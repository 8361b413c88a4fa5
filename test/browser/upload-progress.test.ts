/**
 * Upload progress in a real browser: the bundle sends an upload with XMLHttpRequest, which reports bytes as
 * they go out (fetch reports nothing while it sends). The uploads go through upload-gate.ts, which holds
 * each body until the page asks, so progress stops part way on any machine; a test releases it on the first
 * report between 0 and the end, so without that report it never completes.
 */
import { expect, inject, it } from 'vitest';
import { sdk, type Sdk } from './sdk.js';

const { NemoVideo, APITimeoutError } = sdk;
const baseURL = inject('uploadGateUrl');
const MiB = 1024 * 1024;

/** Lets the held uploads through; resolves, once each is answered, with their statuses. */
const release = (): Promise<number[]> => fetch(`${baseURL}/__release`).then((response) => response.json());

/** Far more than a loopback socket's buffers hold, so the held upload stops part way. */
const bigPng = () => new File([new Uint8Array(24 * MiB).fill(7)], 'big.png', { type: 'image/png' });
const partWay = ({ loaded, total }: Sdk.UploadProgress) => loaded > 0 && loaded < total;

it("reports progress part way through, in the file's bytes, and still parses the answer", async () => {
  const seen: string[] = [];
  const nv = new NemoVideo({
    baseURL,
    hooks: {
      beforeRequest: (request) => void seen.push(`before ${request.method} ${new URL(request.url).pathname}`),
      afterResponse: ({ request, response }) => void seen.push(`after ${response.status} ${new URL(request.url).pathname}`),
    },
  });
  const session = await nv.sessions.create();
  const file = bigPng();
  const progress: Sdk.UploadProgress[] = [];
  let released: Promise<number[]> | undefined;
  const uploaded = await nv.uploads.create(
    session.id,
    { file },
    { onProgress: (p) => void (progress.push(p), partWay(p) && (released ??= release())) },
  );

  expect(await released).toEqual([200]);
  expect(uploaded.files).toHaveLength(1);
  expect(uploaded.files[0]).toMatchObject({ filename: 'big.png', type: 'image' });
  expect(progress[0]).toEqual({ loaded: 0, total: file.size });
  expect(progress.at(-1)).toEqual({ loaded: file.size, total: file.size });
  expect(progress.filter(partWay).length).toBeGreaterThanOrEqual(1);
  for (const [i, p] of progress.entries()) {
    expect(p.total).toBe(file.size);
    expect(Number.isInteger(p.loaded)).toBe(true);
    if (i > 0) expect(p.loaded).toBeGreaterThanOrEqual(progress[i - 1]!.loaded);
  }
  // The hooks saw the upload's request and its answer.
  const path = `/api/upload-video/nemo_agent/me/${session.id}`;
  expect(seen).toContain(`before POST ${path}`);
  expect(seen).toContain(`after 200 ${path}`);
  // And the session has the file.
  expect((await nv.state.get(session.id)).media).toHaveLength(1);
});

it('an abort mid-upload rejects with the reason and the emulator keeps nothing', async () => {
  const nv = new NemoVideo({ baseURL });
  const session = await nv.sessions.create();
  const controller = new AbortController();
  const reason = new Error('the user closed the dialog');
  const progress: Sdk.UploadProgress[] = [];
  const error = await nv.uploads
    .create(session.id, { file: bigPng() }, { signal: controller.signal, onProgress: (p) => void (progress.push(p), partWay(p) && controller.abort(reason)) })
    .catch((e: unknown) => e);

  expect(error).toBe(reason);
  expect(progress.some(partWay)).toBe(true);
  const [status] = await release();
  expect(status).not.toBe(200);
  expect((await nv.state.get(session.id)).media).toEqual([]);
});

it('a timeout mid-upload is an APITimeoutError and the emulator keeps nothing', async () => {
  const nv = new NemoVideo({ baseURL });
  const session = await nv.sessions.create();
  // The gate holds the body until released, so the timeout ends it part way.
  const error = await nv.uploads.create(session.id, { file: bigPng() }, { timeout: 500 }).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(APITimeoutError);
  const [status] = await release();
  expect(status).not.toBe(200);
  expect((await nv.state.get(session.id)).media).toEqual([]);
});
