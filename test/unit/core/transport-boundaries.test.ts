import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { APIError, RateLimitError, SessionNotFoundError, type AuthStrategy } from '../../../src/index.js';
import { anonymousClient, serveAnonymousTokens } from '../helpers/anonymous.js';
import { client } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

test('a CDN download carries neither the token nor the X-Skill headers (no CORS preflight for them)', async () => {
  let headers: Headers | undefined;
  server.use(
    http.get('https://cdn.test/v.mp4', ({ request }) => {
      headers = request.headers;
      return new HttpResponse(new Uint8Array([1]));
    }),
  );
  await new Response(await client().download('https://cdn.test/v.mp4')).arrayBuffer();
  expect([...headers!.keys()].filter((name) => /^(authorization|x-skill-)/i.test(name))).toEqual([]);
});

test('a POST marked safe to repeat (render cancel) is retried on 503; a plain POST is not', async () => {
  let cancels = 0;
  let sessions = 0;
  server.use(
    http.post(`${BASE}/api/render/proxy/lambda/render_1/cancel`, () =>
      ++cancels < 2 ? new HttpResponse(null, { status: 503, headers: { 'Retry-After': '0' } }) : HttpResponse.json({ success: true, data: {} }),
    ),
    http.post(`${BASE}/api/tasks/me/with-session/nemo_agent`, () => (sessions++, new HttpResponse(null, { status: 503 }))),
  );
  const nv = client({ maxRetries: 2 });
  await nv.renders.cancel('render_1');
  expect(cancels).toBe(2);
  await expect(nv.sessions.create()).rejects.toBeInstanceOf(APIError);
  expect(sessions).toBe(1);
});

test('a 429 asking for more than 2 minutes is surfaced at once, not waited out', async () => {
  let calls = 0;
  server.use(http.get(`${BASE}/api/credits/balance/simple`, () => (calls++, new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3600' } }))));
  const error = await rejectionOf(client().credits.balance());
  expect(error).toBeInstanceOf(RateLimitError);
  expect(error.retryAfter).toBe(3600);
  expect(calls).toBe(1);
});

test('a token of any format echoed by the server is scrubbed from the error', async () => {
  const token = 'my+own/Token=='; // no nmv_ prefix: only the exact-value scrub catches it
  const auth: AuthStrategy = { kind: 'custom', token: async () => token };
  server.use(
    http.get(`${BASE}/api/state/nemo_agent/me/1/latest`, () => HttpResponse.json({ code: 1002, message: `no session for ${token}` })),
  );
  const error = await rejectionOf(client({ authStrategy: auth }).state.get('1'));
  expect(error).toBeInstanceOf(SessionNotFoundError);
  expect(`${error.message}\n${error.stack}`).not.toContain(token);
});

test('log lines name a download by origin and path, never its (possibly signed) query', async () => {
  const lines: string[] = [];
  server.use(http.get('https://cdn.test/v.mp4', () => new HttpResponse(new Uint8Array([1]))));
  const nv = client({ logger: { debug: (line) => lines.push(line), warn: (line) => lines.push(line) }, logLevel: 'debug' });
  await new Response(await nv.download('https://cdn.test/v.mp4?X-Signature=secret')).arrayBuffer();
  expect(lines).toEqual(['GET https://cdn.test/v.mp4']);
});

test('the chat answering JSON with a code inside HTTP 200 goes through recovery like any call', async () => {
  const tokens = serveAnonymousTokens();
  let chats = 0;
  server.use(
    http.post(`${BASE}/run_sse`, () =>
      ++chats === 1
        ? HttpResponse.json({ code: 1001, message: 'token expired' })
        : new HttpResponse('data: {"content":{"parts":[{"text":"hi"}]}}\n\n', { headers: { 'content-type': 'text/event-stream' } }),
    ),
  );
  const nv = anonymousClient({ clientId: 'c1' });
  await expect(nv.chat.stream('1', 'hello').finalText()).resolves.toBe('hi');
  expect({ tokens: tokens.length, chats }).toEqual({ tokens: 2, chats: 2 });
});
