// createProxy called directly with Requests: the page's client (proxyAuth) works through it, it forwards only
// the API's routes to its one upstream with its own credentials, it keeps each user's sessions and renders to
// that user, and every refusal reaches nothing upstream.
import { describe, expect, test } from 'vitest';
import {
  APIError,
  AuthenticationError,
  FileTooLargeError,
  PermissionDeniedError,
  SessionNotFoundError,
  type UploadProgress,
} from '../../../src/index.js';
import { createProxy, memorySessionStore } from '../../../src/server/index.js';
import { callsTo } from '../../helpers/emulator-log.js';
import { remedyFor, Studio, type StudioUpdate } from '../../../src/studio/index.js';
import { FAST, GENERATE } from '../helpers/studio.js';
import { APP, byCookie, page, PREFIX, proxied, recordingFetch, to, UPSTREAM } from './helpers.js';

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])], 'cover.png', { type: 'image/png' });
const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: any) => error);

describe('the page client (proxyAuth) through the proxy', () => {
  test('every resource works: session, chat, upload with progress, state, credits, export, download', async () => {
    const { emulator, page: client, seen } = proxied({ authorize: byCookie });
    const nv = client({ user: 'alice' });
    const session = await nv.sessions.create();
    expect(await nv.chat.stream(session.id, GENERATE).finalText()).not.toBe('');
    const progress: UploadProgress[] = [];
    const uploaded = await nv.uploads.create(session.id, { file: new File([new Uint8Array(4096)], 'clip.mp4', { type: 'video/mp4' }) }, { onProgress: (p) => progress.push(p) });
    expect(uploaded.files[0]?.filename).toBe('clip.mp4');
    expect(progress.at(-1)).toEqual({ loaded: 4096, total: 4096 });
    expect(progress.length).toBeGreaterThan(1);
    expect((await nv.uploads.fromUrls(session.id, ['https://cdn.test/b.png'])).files).toHaveLength(1);
    expect((await nv.state.get(session.id)).draft?.tracks.length).toBeGreaterThan(0);
    expect((await nv.credits.balance()).available).toBeGreaterThan(0);
    const { url, renderId } = await nv.export(session.id, { interval: 5 });
    expect((await nv.renders.retrieve(renderId)).status).toBe('completed');
    const mp4 = new Uint8Array(await new Response(await nv.download(url)).arrayBuffer());
    expect(new TextDecoder().decode(mp4.slice(4, 8))).toBe('ftyp');
    // The page never asked for a token; the proxy got one anonymous token for the server and used it on every call.
    expect(callsTo(emulator, '/api/auth/anonymous-token')).toHaveLength(1);
    const calls = seen.filter((s) => s.path !== '/api/auth/anonymous-token');
    expect(calls.length).toBeGreaterThan(8);
    expect(new Set(calls.map((s) => s.headers.authorization))).toEqual(new Set([expect.stringMatching(/^Bearer nmv_usr_/)]));
    expect(seen.every((s) => s.url.startsWith(`${UPSTREAM}/`))).toBe(true);
  });

  test('Studio works through it too: generate, credits, export', async () => {
    const { page: client } = proxied({ authorize: byCookie });
    const studio = new Studio(client({ user: 'alice' }), { timings: FAST });
    const all: StudioUpdate[] = [];
    for (const text of [GENERATE, '余额', 'export']) for await (const update of studio.say(text)) all.push(update);
    expect(all.filter((u) => u.type === 'remedy')).toEqual([]);
    expect(all.filter((u) => u.type === 'result').map((u) => (u as { kind: string }).kind)).toEqual(['credits', 'export']);
  });

  test('the render download that needs the token goes through the proxy, for its owner', async () => {
    const upstream = recordingFetch((request) => {
      const path = new URL(request.url).pathname;
      if (path === '/api/tasks/me/with-session/nemo_agent') return Response.json({ code: 0, data: { task_id: 't', session_id: '5529798706024415232' } });
      if (path === '/api/render/proxy/lambda' && request.method === 'POST') return Response.json({ success: true, data: { id: 'render_1', status: 'pending', progress: 0 } });
      if (path === '/api/render/proxy/lambda/render_1') {
        return Response.json({ success: true, data: { id: 'render_1', status: 'completed', progress: 100, outputUrl: `${UPSTREAM}/api/render/proxy/render_1/download` } });
      }
      if (path === '/api/render/proxy/render_1/download') return new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'video/mp4', 'Content-Length': '3' } });
      return Response.json({ code: 404, message: 'no' }, { status: 404 });
    });
    const proxy = createProxy({ baseURL: UPSTREAM, token: 'nmv_usr_server', fetch: upstream.fetch, authorize: byCookie });
    const nv = page(proxy, undefined, { user: 'alice' });
    const session = await nv.sessions.create();
    const job = await nv.renders.create({ sessionId: session.id, draft: { t: [{ tt: 0, sg: [{ id: 's' }] }] } });
    const { url } = await nv.renders.wait(job.id, { interval: 1 });
    expect(url).toBe(`${APP}${PREFIX}/api/render/proxy/render_1/download`);
    expect([...new Uint8Array(await new Response(await nv.download(url)).arrayBuffer())]).toEqual([1, 2, 3]);
    expect(upstream.seen.at(-1)).toMatchObject({ path: '/api/render/proxy/render_1/download', headers: { authorization: 'Bearer nmv_usr_server' } });
    const before = upstream.seen.length;
    const other = page(proxy, undefined, { user: 'bob' });
    expect(await rejection(other.download(url))).toBeInstanceOf(PermissionDeniedError);
    expect(upstream.seen.length).toBe(before);
  });

  test('a chat through the proxy reaches the page event by event, as the upstream sends them', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const upstream = recordingFetch((request) => {
      if (new URL(request.url).pathname === '/api/tasks/me/with-session/nemo_agent') return Response.json({ code: 0, data: { task_id: 't', session_id: '42' } });
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify({ author: 'a', content: { parts: [{ text: 'First.' }] } })}\n\n`));
          await gate; // the upstream sends the rest only once the page has the first event
          controller.enqueue(encoder.encode(`data: ${JSON.stringify({ author: 'a', content: { parts: [{ text: 'Second.' }] } })}\n\n`));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    });
    const proxy = createProxy({ baseURL: UPSTREAM, token: 'nmv_usr_server', fetch: upstream.fetch });
    const nv = page(proxy, undefined);
    const session = await nv.sessions.create();
    const events = nv.chat.stream(session.id, 'hi')[Symbol.asyncIterator]();
    expect((await events.next()).value).toMatchObject({ type: 'text', text: 'First.' });
    release();
    expect((await events.next()).value).toMatchObject({ type: 'text', text: 'Second.' });
    expect((await events.next()).value).toEqual({ type: 'done', hadText: true });
    // The proxy's SSE answer is marked for no buffering or caching on the way.
    const response = await proxy(to('run_sse', { method: 'POST', body: JSON.stringify({ session_id: '42', new_message: {} }), headers: { 'content-type': 'application/json' } }));
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('cache-control')).toBe('private, no-store, no-transform');
  });
});

describe('what goes upstream', () => {
  test("the page's Authorization, Cookie, X-Skill-* and X-Client-Id are dropped; the server's are set", async () => {
    const { page: client, seen } = proxied({ skill: { platform: 'my-app' } });
    const nv = client({ extra: { authorization: 'Bearer nmv_usr_page', cookie: 'sid=secret', 'x-skill-source': 'page', 'x-client-id': 'page-id', 'x-forwarded-for': '1.2.3.4' } });
    await nv.credits.balance();
    const headers = seen.find((s) => s.path === '/api/credits/balance/simple')!.headers;
    expect(headers.authorization).toMatch(/^Bearer nmv_usr_/);
    expect(headers.authorization).not.toBe('Bearer nmv_usr_page');
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-client-id']).toBeUndefined();
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['x-skill-source']).toBe('video-generator-free-api');
    expect(headers['x-skill-platform']).toBe('my-app');
  });

  test("every GET upstream is sent with cache: 'no-store'", async () => {
    const { page: client, seen } = proxied();
    const nv = client();
    const session = await nv.sessions.create();
    await nv.credits.balance();
    await nv.state.get(session.id);
    expect(seen.filter((s) => s.method === 'GET').map((s) => s.cache)).toEqual(['no-store', 'no-store']);
    expect(seen.filter((s) => s.method === 'POST').map((s) => s.cache)).toEqual(['default', 'default']); // the server's token, the session
  });

  test("the upstream's cookies, CORS and hop headers do not reach the page", async () => {
    const upstream = recordingFetch(() =>
      Response.json(
        { code: 0, data: { available: 1, frozen: 0, total: 1 } },
        { headers: { 'Set-Cookie': 'upstream=1', 'Access-Control-Allow-Origin': '*', 'X-Request-Id': 'req_9', 'Cache-Control': 'public, max-age=600' } },
      ),
    );
    const proxy = createProxy({ baseURL: UPSTREAM, token: 'nmv_usr_server', fetch: upstream.fetch });
    const response = await proxy(to('api/credits/balance/simple'));
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('x-request-id')).toBe('req_9');
    expect(response.headers.get('cache-control')).toBe('private, no-store, no-transform');
  });

  test("a rejected server token (1001) is renewed and the call sent once more; the page never sees it", async () => {
    const { emulator, page: client } = proxied();
    const nv = client();
    await nv.credits.balance();
    emulator.faults.inject({ kind: 'expired-token' });
    expect((await nv.credits.balance()).available).toBeGreaterThan(0);
    expect(callsTo(emulator, '/api/auth/anonymous-token')).toHaveLength(2);
  });

  test('an upstream that cannot be reached is a 502 envelope (an APIError the page retries on GETs)', async () => {
    const proxy = createProxy({ baseURL: UPSTREAM, token: 'nmv_usr_server', fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    const error = await rejection(page(proxy, undefined).credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(502);
  });
});

describe('only the API routes, to the one upstream: everything else is a 404 and nothing is forwarded', () => {
  test.each([
    ['POST', `${PREFIX}/api/auth/anonymous-token`],
    ['POST', `${PREFIX}/api/auth/claim-token`],
    ['GET', `${PREFIX}/files/render_1.mp4`],
    ['GET', `${PREFIX}/run_sse`],
    ['POST', `${PREFIX}/api/credits/balance/simple`],
    ['GET', `${PREFIX}/../admin`],
    ['GET', `${PREFIX}/api/../../admin`],
    ['GET', `${PREFIX}/api/state/nemo_agent/me/%2e%2e/latest`],
    ['GET', `${PREFIX}/api/state/nemo_agent/me/../../../../../admin`],
    ['GET', `${PREFIX}/api/state/nemo_agent/me/a%2Fb/latest`],
    ['GET', `${PREFIX}/api/state/nemo_agent/me/.../latest`],
    ['GET', `${PREFIX}//api/credits/balance/simple`],
    ['GET', `${PREFIX}/https://evil.test/api/credits/balance/simple`],
    ['GET', '/api/nemox/api/credits/balance/simple'],
    ['GET', '/api/credits/balance/simple'],
    ['GET', PREFIX],
  ])('%s %s', async (method, path) => {
    const { proxy, seen } = proxied({ token: 'nmv_usr_server' });
    const response = await proxy(new Request(`${APP}${path}`, { method }));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 404, message: expect.stringMatching(/^Not found/) });
    expect(seen).toEqual([]);
  });

  test('a 404 is a plain APIError in the page, not a SessionNotFoundError', async () => {
    const { seen, page: client } = proxied({ token: 'nmv_usr_server' });
    const error = await rejection(client().auth.claimLink({ taskId: 't', sessionId: '1' }));
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(SessionNotFoundError);
    expect(error.status).toBe(404);
    expect(seen).toEqual([]);
  });
});

describe('ownership: a session or render is forwarded only for the user who created it', () => {
  async function twoUsers() {
    const setup = proxied({ authorize: byCookie });
    const alice = setup.page({ user: 'alice' });
    const bob = setup.page({ user: 'bob' });
    const session = await alice.sessions.create();
    await alice.chat.stream(session.id, GENERATE).finalText();
    const { renderId } = await alice.export(session.id, { interval: 5 });
    return { ...setup, alice, bob, session, renderId };
  }

  test("another user's chat, upload, state and render submit are refused with 403, and nothing goes upstream", async () => {
    const { alice, bob, session, seen } = await twoUsers();
    const draft = (await alice.state.get(session.id)).draft!;
    const before = seen.length;
    for (const call of [
      () => bob.chat.stream(session.id, 'make it 8 seconds').finalText(),
      () => bob.uploads.create(session.id, { file: png() }),
      () => bob.uploads.fromUrls(session.id, ['https://cdn.test/a.png']),
      () => bob.state.get(session.id),
      () => bob.renders.create({ sessionId: session.id, draft }),
      () => bob.export(session.id, { draft }),
    ]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error.status).toBe(403);
    }
    expect(seen.length).toBe(before);
  });

  test("another user's render status, cancel and download are refused with 403, and nothing goes upstream", async () => {
    const { bob, renderId, seen } = await twoUsers();
    const before = seen.length;
    for (const call of [
      () => bob.renders.retrieve(renderId),
      () => bob.renders.cancel(renderId),
      () => bob.download(`${APP}${PREFIX}/api/render/proxy/${renderId}/download`),
    ]) {
      expect(await rejection(call())).toBeInstanceOf(PermissionDeniedError);
    }
    expect(seen.length).toBe(before);
  });

  test('a render id another user already holds is refused before it is submitted', async () => {
    const { proxy, session, renderId, seen, alice, bob } = await twoUsers();
    const bobSession = await bob.sessions.create();
    const before = seen.length;
    const response = await proxy(
      to('api/render/proxy/lambda', {
        method: 'POST',
        headers: { cookie: 'user=bob', 'content-type': 'application/json' },
        body: JSON.stringify({ id: renderId, sessionId: bobSession.id, draft: {} }),
      }),
    );
    expect(response.status).toBe(403);
    expect(seen.length).toBe(before);
    expect((await alice.renders.retrieve(renderId)).id).toBe(renderId);
    expect(session.id).not.toBe(bobSession.id);
  });

  test('an id the proxy never saw created (made elsewhere on the same account) is refused for everyone', async () => {
    const { emulator, page: client, seen } = proxied({ authorize: byCookie });
    const elsewhere = await client({ user: 'alice' }).sessions.create();
    const unknown = String(BigInt(elsewhere.id) + 1n);
    const before = seen.length;
    expect(await rejection(client({ user: 'alice' }).state.get(unknown))).toBeInstanceOf(PermissionDeniedError);
    expect(await rejection(client({ user: 'alice' }).renders.retrieve('render_made_elsewhere'))).toBeInstanceOf(PermissionDeniedError);
    expect(seen.length).toBe(before);
    expect(emulator.requests.length).toBe(before);
  });

  test('without authorize every visitor is one user: they share the sessions made through the proxy', async () => {
    const { page: client } = proxied();
    const session = await client().sessions.create();
    expect((await client({ user: 'someone-else' }).state.get(session.id)).sessionId).toBe(session.id);
  });

  test('a custom sessionStore is asked and told', async () => {
    const calls: string[] = [];
    const memory = memorySessionStore();
    const { page: client } = proxied({
      authorize: byCookie,
      sessionStore: {
        get: async (kind, id) => (calls.push(`get ${kind} ${id}`), memory.get(kind, id)),
        set: async (kind, id, user) => void (calls.push(`set ${kind} ${id} ${user}`), memory.set(kind, id, user)),
      },
    });
    const session = await client({ user: 'carol' }).sessions.create();
    await client({ user: 'carol' }).state.get(session.id);
    expect(calls).toEqual([`set session ${session.id} carol`, `get session ${session.id}`]);
  });

  test('memorySessionStore forgets the least recently used past maxEntries', () => {
    const store = memorySessionStore({ maxEntries: 2 });
    store.set('session', 'a', 'u');
    store.set('session', 'b', 'u');
    expect(store.get('session', 'a')).toBe('u'); // a is now the most recent
    store.set('render', 'c', 'u');
    expect([store.get('session', 'a'), store.get('session', 'b'), store.get('render', 'c')]).toEqual(['u', undefined, 'u']);
  });
});

describe('authorize', () => {
  test('a rejection is a 401 (AuthenticationError in the page), with nothing upstream, not even a token request', async () => {
    const { page: client, seen } = proxied({ authorize: byCookie });
    const error = await rejection(client().sessions.create());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    // The proxy's words, not the service's "set NEMO_TOKEN", which the page cannot do; Studio's remedy too.
    expect(error.byProxy).toBe(true);
    expect(error.message).toBe('Not signed in: this app did not authorize the call.');
    expect(remedyFor(error).message).toBe('Not signed in: this app did not authorize the call.');
    expect(seen).toEqual([]);
  });

  test('an empty user id is a 401 too; a thrown Response is sent as it is', async () => {
    const empty = proxied({ authorize: async () => '' });
    expect((await empty.proxy(to('api/credits/balance/simple'))).status).toBe(401);
    const thrown = proxied({
      authorize: () => {
        throw new Response('Sign in at /login', { status: 401, headers: { 'WWW-Authenticate': 'Cookie' } });
      },
    });
    const response = await thrown.proxy(to('api/credits/balance/simple'));
    expect([response.status, await response.text(), response.headers.get('www-authenticate')]).toEqual([401, 'Sign in at /login', 'Cookie']);
    expect([...empty.seen, ...thrown.seen]).toEqual([]);
  });
});

describe('CORS', () => {
  test('an allowed origin gets its preflight and CORS headers; nothing is forwarded for a preflight', async () => {
    const { proxy, seen, page: client } = proxied({ allowedOrigins: ['https://www.app.test'] });
    const preflight = await proxy(
      to('run_sse', { method: 'OPTIONS', headers: { origin: 'https://www.app.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-skill-source' } }),
    );
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': 'https://www.app.test',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type, x-skill-source',
      vary: 'Origin',
    });
    expect(seen).toEqual([]);
    const response = await proxy(to('api/credits/balance/simple', { headers: { origin: 'https://www.app.test' } }));
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.app.test');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    expect((await client({ origin: APP }).credits.balance()).available).toBeGreaterThan(0); // its own origin
  });

  test('any other origin is refused with 403 and no CORS headers, and nothing is forwarded', async () => {
    const { proxy, seen, page: client } = proxied({ allowedOrigins: (origin) => origin.endsWith('.app.test') });
    for (const origin of ['https://evil.test', 'null', 'https://app.test.evil.test']) {
      const response = await proxy(to('api/credits/balance/simple', { headers: { origin } }));
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect((await proxy(to('api/credits/balance/simple', { method: 'OPTIONS', headers: { origin } }))).status).toBe(403);
    }
    expect(await rejection(client({ origin: 'https://evil.test' }).sessions.create())).toBeInstanceOf(PermissionDeniedError);
    expect(seen).toEqual([]);
  });
});

describe('limits', () => {
  test('an upload whose Content-Length is over maxUploadBytes is a 413 before anything is forwarded', async () => {
    const { proxy, page: client, seen } = proxied({ authorize: byCookie, maxUploadBytes: 1000 });
    const session = await client({ user: 'alice' }).sessions.create();
    const before = seen.length;
    const response = await proxy(
      to(`api/upload-video/nemo_agent/me/${session.id}`, { method: 'POST', body: new Uint8Array(5000), headers: { cookie: 'user=alice', 'content-length': '5000' } }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 413, message: "The upload is over this server's limit of 1000 bytes." });
    expect(seen.length).toBe(before);
  });

  test("the page's upload over the limit is a FileTooLargeError, and the service keeps nothing of it", async () => {
    const { emulator, page: client } = proxied({ authorize: byCookie, maxUploadBytes: 1000 });
    const nv = client({ user: 'alice' });
    const session = await nv.sessions.create();
    const error = await rejection(nv.uploads.create(session.id, { file: new File([new Uint8Array(5000)], 'big.mp4') }));
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect(error.status).toBe(413);
    expect(error.message).toBe("The upload is over this server's limit of 1000 bytes.");
    expect(error.message).not.toContain('200 MB');
    expect(remedyFor(error).message).toBe("The upload is over this server's limit of 1000 bytes.");
    expect(callsTo(emulator, `/api/upload-video/nemo_agent/me/${session.id}`).filter((r) => r.status === 200)).toEqual([]);
  });

  test('a chunked upload that passes the limit mid-way is cut upstream and refused with 413', async () => {
    const { proxy, page: client, seen, emulator } = proxied({ authorize: byCookie, maxUploadBytes: 1000 });
    const session = await client({ user: 'alice' }).sessions.create();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(600));
        controller.enqueue(new Uint8Array(600));
        controller.close();
      },
    });
    const response = await proxy(
      to(`api/upload-video/nemo_agent/me/${session.id}`, { method: 'POST', body, headers: { cookie: 'user=alice', 'content-type': 'multipart/form-data; boundary=x' } }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 413 });
    expect(seen.at(-1)?.path).toBe(`/api/upload-video/nemo_agent/me/${session.id}`);
    expect(callsTo(emulator, `/api/upload-video/nemo_agent/me/${session.id}`).filter((r) => r.status === 200)).toEqual([]);
  });

  test('an upload streams through: the upstream reads its first bytes before the page has sent the rest', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstChunk!: (bytes: number) => void;
    const upstreamGotFirst = new Promise<number>((resolve) => (firstChunk = resolve));
    const upstream = recordingFetch(async (request) => {
      if (new URL(request.url).pathname.startsWith('/api/tasks/')) return Response.json({ code: 0, data: { task_id: 't', session_id: '42' } });
      const reader = request.body!.getReader();
      let total = 0;
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        if (total === 0) firstChunk(part.value.byteLength);
        total += part.value.byteLength;
      }
      return Response.json({ code: 0, data: { files: [], total } });
    });
    const proxy = createProxy({ baseURL: UPSTREAM, token: 'nmv_usr_server', fetch: upstream.fetch });
    await page(proxy, undefined).sessions.create();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new Uint8Array(100));
        await gate;
        controller.enqueue(new Uint8Array(200));
        controller.close();
      },
    });
    const answer = proxy(to('api/upload-video/nemo_agent/me/42', { method: 'POST', body, headers: { 'content-length': '300' } }));
    expect(await upstreamGotFirst).toBe(100);
    release();
    expect(await (await answer).json()).toMatchObject({ data: { total: 300 } });
    expect(upstream.seen.at(-1)?.headers['content-length']).toBe('300');
  });

  test('a JSON body over 8 MiB is a 413 before anything is forwarded', async () => {
    const { proxy, seen } = proxied({ token: 'nmv_usr_server' });
    const response = await proxy(to('run_sse', { method: 'POST', body: JSON.stringify({ session_id: '1', text: 'x'.repeat(9 * 1024 * 1024) }) }));
    expect(response.status).toBe(413);
    expect(seen).toEqual([]);
  });
});

describe('a page that goes away', () => {
  test("aborts the upstream request (the proxy's fetch signal is the page's request's)", async () => {
    let started!: (signal: AbortSignal) => void;
    const upstreamStarted = new Promise<AbortSignal>((resolve) => (started = resolve));
    const upstream = recordingFetch((request) => {
      if (new URL(request.url).pathname.startsWith('/api/tasks/')) return Response.json({ code: 0, data: { task_id: 't', session_id: '42' } });
      started(request.signal);
      return new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(': ping\n\n')) }), { headers: { 'Content-Type': 'text/event-stream' } });
    });
    const proxy = createProxy({ baseURL: UPSTREAM, token: 'nmv_usr_server', fetch: upstream.fetch });
    await page(proxy, undefined).sessions.create();
    const controller = new AbortController();
    const response = await proxy(to('run_sse', { method: 'POST', body: JSON.stringify({ session_id: '42' }), signal: controller.signal }));
    expect(response.status).toBe(200);
    const signal = await upstreamStarted;
    expect(signal.aborted).toBe(false);
    controller.abort();
    expect(signal.aborted).toBe(true);
  });
});
