import { http, HttpResponse } from 'msw';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { defaultCredentialsPath, downloadToFile, fileTokenStore, openFile } from '../../../src/node/index.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { BASE, server } from '../helpers/server.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nemo-node-'));
});
afterEach(() => vi.unstubAllEnvs());

test('the credentials file lives under XDG_CONFIG_HOME, else ~/.config', () => {
  vi.stubEnv('XDG_CONFIG_HOME', '/xdg');
  expect(defaultCredentialsPath()).toBe('/xdg/nemo-video/credentials.json');
  vi.stubEnv('XDG_CONFIG_HOME', '');
  expect(defaultCredentialsPath()).toMatch(/\/\.config\/nemo-video\/credentials\.json$/);
});

test('fileTokenStore writes a 0600 file, reads it back and clears it', async () => {
  const path = join(dir, 'sub', 'credentials.json');
  const store = fileTokenStore(path);
  expect(await store.get()).toBeUndefined();
  await store.set({ clientId: 'c-1', token: 'nmv_usr_x', userId: 'anon_1' });
  expect((await stat(path)).mode & 0o777).toBe(0o600);
  expect(await fileTokenStore(path).get()).toEqual({ clientId: 'c-1', token: 'nmv_usr_x', userId: 'anon_1' });
  await store.clear();
  expect(await store.get()).toBeUndefined();
});

test('a corrupt credentials file counts as none', async () => {
  const path = join(dir, 'credentials.json');
  await writeFile(path, '{not json');
  expect(await fileTokenStore(path).get()).toBeUndefined();
});

test('openFile gives a named File with the bytes, and a clear error for a missing path', async () => {
  const path = join(dir, 'clip.mp4');
  await writeFile(path, 'abc');
  const file = await openFile(path);
  expect(file.name).toBe('clip.mp4');
  expect(await file.text()).toBe('abc');
  await expect(openFile(join(dir, 'missing.mp4'))).rejects.toBeInstanceOf(InvalidArgumentError);
});

test('downloadToFile writes the bytes, and leaves no file when the download fails midway', async () => {
  server.use(
    http.get(`${BASE}/files/ok.mp4`, () => new HttpResponse(new Uint8Array([1, 2, 3]))),
    http.get(`${BASE}/files/cut.mp4`, () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array([1, 2]));
          controller.error(new TypeError('connection reset'));
        },
      });
      return new HttpResponse(body);
    }),
  );
  const nv = client();
  const target = join(dir, 'ok.mp4');
  const progress: number[] = [];
  await expect(downloadToFile(nv, `${BASE}/files/ok.mp4`, target, { onProgress: (p) => progress.push(p.loaded) })).resolves.toEqual({ path: target, bytes: 3 });
  expect(progress.at(0)).toBe(0);
  expect(progress.at(-1)).toBe(3);
  expect([...(await readFile(target))]).toEqual([1, 2, 3]);
  await expect(downloadToFile(nv, `${BASE}/files/cut.mp4`, join(dir, 'cut.mp4'))).rejects.toThrow();
  expect((await readdir(dir)).sort()).toEqual(['ok.mp4']);
});
