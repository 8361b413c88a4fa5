import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import type { Credentials, TokenStore } from '../../../src/index.js';
import { anonymousClient, serveAnonymousTokens } from '../helpers/anonymous.js';
import { client, ok } from '../helpers/client.js';
import { okB } from '../helpers/render.js';
import { BASE, server } from '../helpers/server.js';
import { adk, frame, serveSse } from '../helpers/sse.js';

// Services send null for "not yet" fields while a job runs; null must read as absent, never fail.
test('a render status with null fields reads as absent ones', async () => {
  server.use(
    http.get(`${BASE}/api/render/proxy/lambda/render_1`, () =>
      HttpResponse.json(okB({ id: 'render_1', status: 'processing', progress: null, outputUrl: null, completedAt: null, output: null })),
    ),
  );
  const status = await client().renders.retrieve('render_1');
  expect(status).toMatchObject({ id: 'render_1', status: 'processing', progress: 0, url: undefined, completedAt: undefined });
});

test('an uploaded file with null duration and url reads as absent ones', async () => {
  server.use(
    http.post(`${BASE}/api/upload-video/nemo_agent/me/1`, () =>
      HttpResponse.json(ok({ files: [{ filename: 'a.png', file_type: 'image', cdn_url: null, duration: null }] })),
    ),
  );
  const { files } = await client().uploads.create('1', { file: new Uint8Array([1]), filename: 'a.png' });
  expect(files[0]).toMatchObject({ filename: 'a.png', type: 'image', url: undefined, duration: undefined });
});

test('simplified tool events keep their id; ADK null args read as {}', async () => {
  serveSse(
    frame({ type: 'tool_call', id: 't1', name: 'edit_multitrack', args: { a: 1 } }) +
      frame({ type: 'tool_result', id: 't1', name: 'edit_multitrack', result: { ok: true } }) +
      frame(adk([{ functionCall: { id: 't2', name: 'x', args: null } }])),
  );
  const events = [];
  for await (const event of client().chat.stream('1', 'go')) events.push(event);
  expect(events.slice(0, 3)).toEqual([
    { type: 'tool_call', id: 't1', name: 'edit_multitrack', args: { a: 1 } },
    { type: 'tool_result', id: 't1', name: 'edit_multitrack', result: { ok: true }, error: undefined },
    { type: 'tool_call', id: 't2', name: 'x', args: {} },
  ]);
});

test('"temporary issue" text is dropped only when it trails other text', async () => {
  serveSse(frame(adk([{ text: 'I encountered a temporary issue, retrying.' }])) + frame(adk([{ text: 'Done: 3 tracks.' }])));
  await expect(client().chat.stream('1', 'go').finalText()).resolves.toBe('I encountered a temporary issue, retrying.\n\nDone: 3 tracks.');
});

test('a slow token store read never overwrites a token fetched meanwhile (one token request)', async () => {
  let reads = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const store: TokenStore = {
    // The first read hangs until the gate opens; later reads answer at once. Both find nothing stored.
    get: async (): Promise<Credentials | undefined> => {
      if (reads++ === 0) await gate;
      return undefined;
    },
    set: () => undefined,
    clear: () => undefined,
  };
  const tokens = serveAnonymousTokens();
  server.use(http.get(`${BASE}/api/credits/balance/simple`, () => HttpResponse.json(ok({ available: 1, frozen: 0 }))));
  const nv = anonymousClient({ tokenStore: store, clientId: 'c1' });
  const slow = nv.credits.balance(); // its store read hangs
  await nv.credits.balance(); // reads at once, fetches token 1
  release(); // the slow read now returns its stale "nothing stored"
  await slow;
  expect(tokens).toHaveLength(1);
});
