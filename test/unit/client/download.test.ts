import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { APIError, InvalidArgumentError } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { recordRequests } from '../helpers/requests.js';
import { BASE, server } from '../helpers/server.js';

const BYTES = new Uint8Array([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0xff, 0x80]);

/** Serves BYTES at `url`, keeping the Authorization header each request carried. */
function serveFile(url: string): Array<string | null> {
  const authorization: Array<string | null> = [];
  server.use(
    http.get(url, ({ request }) => {
      authorization.push(request.headers.get('authorization'));
      return new HttpResponse(BYTES, { headers: { 'Content-Type': 'video/mp4' } });
    }),
  );
  return authorization;
}

const read = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

describe('nv.download progress', () => {
  test('onProgress: 0 at the start, then each chunk as it is read, ending at the size the server gave', async () => {
    const chunks = [new Uint8Array(3), new Uint8Array(4), new Uint8Array(5)];
    server.use(
      http.get('https://cdn.test/p.mp4', () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk);
            controller.close();
          },
        });
        return new HttpResponse(body, { headers: { 'Content-Type': 'video/mp4', 'Content-Length': '12' } });
      }),
    );
    const seen: Array<{ loaded: number; total: number | undefined }> = [];
    const body = await client().download('https://cdn.test/p.mp4', { onProgress: (p) => seen.push({ ...p }) });
    expect(seen).toEqual([{ loaded: 0, total: 12 }]); // nothing read yet: nothing counted
    expect((await read(body)).byteLength).toBe(12);
    expect(seen.map((p) => p.loaded)).toEqual([0, 3, 7, 12]);
    expect(seen.every((p) => p.total === 12)).toBe(true);
  });

  test('without a Content-Length, total is undefined and loaded still counts', async () => {
    serveFile('https://cdn.test/x.mp4');
    const seen: Array<{ loaded: number; total: number | undefined }> = [];
    await read(await client().download('https://cdn.test/x.mp4', { onProgress: (p) => seen.push({ ...p }) }));
    expect(seen.at(-1)).toEqual({ loaded: BYTES.byteLength, total: undefined });
  });
});

describe('nv.download', () => {
  test('returns a ReadableStream of the bytes', async () => {
    serveFile('https://cdn.test/x.mp4');
    const body = await client().download('https://cdn.test/x.mp4');
    expect(body).toBeInstanceOf(ReadableStream);
    expect(await read(body)).toEqual(BYTES);
  });

  test("sends the Bearer to the API's own origin", async () => {
    const authorization = serveFile(`${BASE}/api/render/proxy/render_1/download`);
    const body = await client().download(`${BASE}/api/render/proxy/render_1/download`);
    expect(await read(body)).toEqual(BYTES);
    expect(authorization).toEqual(['Bearer nmv_usr_testtoken']);
  });

  test.each([['https://cdn.test/x.mp4'], ['https://api.test.evil.test/x.mp4'], ['http://api.test/x.mp4']])(
    'sends no Authorization header to another origin (%s)',
    async (url) => {
      const authorization = serveFile(url);
      await read(await client().download(url));
      expect(authorization).toEqual([null]);
    },
  );

  test.each([['ftp://cdn.test/x.mp4'], ['/api/render/proxy/r/download'], ['file:///etc/passwd'], [''], [42], ['https://'], ['https://[bad/x.mp4']])(
    'refuses %j as InvalidArgumentError, sending nothing',
    async (url) => {
      const seen = recordRequests();
      await expect(client().download(url as string)).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(seen).toEqual([]);
    },
  );

  test('surfaces an HTTP error from the download as an APIError', async () => {
    server.use(http.get('https://cdn.test/gone.mp4', () => new HttpResponse('gone', { status: 404 })));
    const error = await rejectionOf(client().download('https://cdn.test/gone.mp4'));
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(404);
  });
});
