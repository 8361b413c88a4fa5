/** localStorageTokenStore in a real page: a second client reuses the first one's anonymous token. */
import { afterEach, expect, inject, it } from 'vitest';
import { recordingFetch, sdk } from './sdk.js';

const { NemoVideo, localStorageTokenStore } = sdk;
const baseURL = inject('emulatorUrl');
// Test files may share an origin (and so localStorage): a key of this file's own.
const KEY = `nemo-video:test:${crypto.randomUUID()}`;

afterEach(() => localStorage.removeItem(KEY));

it('keeps the anonymous token in localStorage across two clients', async () => {
  const first = recordingFetch();
  const one = new NemoVideo({ baseURL, tokenStore: localStorageTokenStore(KEY), fetch: first.fetch });
  expect(localStorage.getItem(KEY)).toBeNull();
  await one.sessions.create();
  expect(first.urls.filter((u) => u.endsWith('/api/auth/anonymous-token'))).toHaveLength(1);

  const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { clientId?: string; token?: string; expiresAt?: string } | null;
  expect(stored?.clientId).toMatch(/^[0-9a-f-]{36}$/);
  expect(stored?.token).toBeTruthy();
  expect(Date.parse(stored!.expiresAt!)).toBeGreaterThan(Date.now());

  // A second client (a page reload, say) finds the token and asks for no new one.
  const second = recordingFetch();
  const two = new NemoVideo({ baseURL, tokenStore: localStorageTokenStore(KEY), fetch: second.fetch });
  const session = await two.sessions.create();
  const { available } = await two.credits.balance();
  expect(session.id).toBeTruthy();
  expect(available).toBeGreaterThan(0);
  expect(second.urls.length).toBeGreaterThan(0);
  expect(second.urls.filter((u) => u.endsWith('/api/auth/anonymous-token'))).toEqual([]);
  expect(JSON.parse(localStorage.getItem(KEY) ?? 'null')).toEqual(stored);
});

it('a corrupt entry is replaced by a new token', async () => {
  localStorage.setItem(KEY, '{not json');
  const recorder = recordingFetch();
  const nv = new NemoVideo({ baseURL, tokenStore: localStorageTokenStore(KEY), fetch: recorder.fetch });
  await nv.sessions.create();
  expect(recorder.urls.filter((u) => u.endsWith('/api/auth/anonymous-token'))).toHaveLength(1);
  expect(JSON.parse(localStorage.getItem(KEY)!)).toMatchObject({ token: expect.any(String) });
});
