/** The bundle's error classes in a real page: instanceof, names and fields survive the build. */
import { expect, inject, it } from 'vitest';
import { pngFile, recordingFetch, sdk } from './sdk.js';

const { NemoVideo, NemoVideoError, APIError, UnsupportedFileTypeError, InvalidArgumentError } = sdk;
const baseURL = inject('emulatorUrl');

it('a bad upload type rejects with UnsupportedFileTypeError before any request', async () => {
  const recorder = recordingFetch();
  const nv = new NemoVideo({ baseURL, fetch: recorder.fetch });
  const file = new File([new Uint8Array([1, 2, 3])], 'notes.txt', { type: 'text/plain' });

  const error = await nv.uploads.create('sess_123', { file }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnsupportedFileTypeError);
  expect(error).toBeInstanceOf(APIError);
  expect(error).toBeInstanceOf(NemoVideoError);
  expect(error).toBeInstanceOf(Error);
  const typed = error as InstanceType<typeof UnsupportedFileTypeError>;
  expect(typed.name).toBe('UnsupportedFileTypeError');
  expect(typed.message).toContain('"notes.txt"');
  expect(typed.acceptedFormats).toContain('png');
  expect(String(typed)).toMatch(/^UnsupportedFileTypeError: /);
  // Not even the anonymous token was fetched.
  expect(recorder.urls).toEqual([]);
});

it('a File with an accepted type but a wrong name is refused by name, not by MIME type', async () => {
  const recorder = recordingFetch();
  const nv = new NemoVideo({ baseURL, fetch: recorder.fetch });
  const png = await pngFile('cover.webp.exe');
  await expect(nv.uploads.create('sess_123', { file: png })).rejects.toSatisfy(
    (e) => e instanceof UnsupportedFileTypeError && e.name === 'UnsupportedFileTypeError',
  );
  expect(recorder.urls).toEqual([]);
});

it('a bad baseURL throws InvalidArgumentError in the constructor', () => {
  expect(() => new NemoVideo({ baseURL: 'ftp://example.com' })).toThrow(InvalidArgumentError);
});
