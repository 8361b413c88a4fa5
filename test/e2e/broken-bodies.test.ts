/**
 * Bodies that break over real HTTP, as msw cannot break them: a socket destroyed mid-body (undici's
 * `TypeError: terminated`), a body that stalls after the headers, a gzip body that cannot be decoded, a
 * download cut mid-way. Each ends in a NemoVideoError, within the call's timeout, and a GET cut mid-body is
 * retried like any network error. A tiny node:http server on 127.0.0.1 plays the misbehaving API.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { APIConnectionError, APITimeoutError, NemoVideo, NemoVideoError } from '../../src/index.js';
import { downloadToFile } from '../../src/node/index.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handle: Handler = (_, response) => response.end();
let requests = 0;
const server = createServer((request, response) => {
  requests++;
  handle(request, response);
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = 0;
});

const client = (options: ConstructorParameters<typeof NemoVideo>[0] = {}) => new NemoVideo({ baseURL: base, token: 'nmv_usr_e2e', maxRetries: 0, ...options });

/** Sends the headers and `first`, then destroys the socket. */
const cutAfter =
  (first: string, headers: Record<string, string | number> = { 'content-type': 'application/json' }): Handler =>
  (_, response) => {
    response.writeHead(200, { ...headers, 'content-length': 10_000 });
    response.write(first, () => response.destroy());
  };

describe('a socket destroyed mid-body', () => {
  test('a JSON body: APIConnectionError, the GET retried like any network error', async () => {
    handle = cutAfter('{"code":0,"data":{"avail');
    const error = await client({ maxRetries: 1 }).credits.balance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toContain(base);
    expect(requests).toBe(2);
  });

  test('a POST: APIConnectionError after one request', async () => {
    handle = cutAfter('{"code":0,');
    await expect(client({ maxRetries: 2 }).sessions.create()).rejects.toBeInstanceOf(APIConnectionError);
    expect(requests).toBe(1);
  });

  test('a GET cut once and then answered resolves', async () => {
    handle = (request, response) =>
      requests === 1
        ? cutAfter('{"code":0,')(request, response)
        : response.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0,"data":{"available":3,"frozen":0,"total":3}}');
    await expect(client({ maxRetries: 2 }).credits.balance()).resolves.toMatchObject({ available: 3 });
    expect(requests).toBe(2);
  });

  test('a download: reading it rejects with APIConnectionError; downloadToFile leaves no file', async () => {
    handle = cutAfter('0123456789', { 'content-type': 'video/mp4' });
    const body = await client().download(`${base}/v.mp4`);
    const error = await new Response(body).arrayBuffer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);

    const dir = await mkdtemp(join(tmpdir(), 'nemo-e2e-'));
    await expect(downloadToFile(client(), `${base}/v.mp4`, join(dir, 'v.mp4'))).rejects.toBeInstanceOf(APIConnectionError);
    expect(await readdir(dir)).toEqual([]);
  });
});

test('a body that stalls after the headers ends with the timeout as APITimeoutError', async () => {
  handle = (_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"code":0,');
  };
  const error = await client({ timeout: 300, maxRetries: 2 }).credits.balance().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(APITimeoutError);
  expect(requests).toBe(1);
});

test('a gzip body that cannot be decoded is a NemoVideoError', async () => {
  handle = (_, response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end('not gzip at all');
  const error = await client().credits.balance().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NemoVideoError);
});
