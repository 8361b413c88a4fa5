import { describe, expect, test } from 'vitest';
import { createEmulator, manualClock, tinyMp4, type WireDraft } from '../../../src/testing/index.js';
import { emulated, raw, rawSession, SCRIPT, sseFrames } from '../helpers/emulator.js';

const DAY = 24 * 3600_000;
const GENERATE = `generate a 30-second video from this script: ${SCRIPT}`;
const chatBody = (sessionId: string, text: string, extra: Record<string, unknown> = {}) => ({
  app_name: 'nemo_agent',
  user_id: 'me',
  session_id: sessionId,
  new_message: { role: 'user', parts: [{ text }] },
  ...extra,
});

/** A session with a generated timeline, over the wire; returns its draft too. */
async function generated(emulator = emulated({ credits: 1_000 }).emulator) {
  const ids = await rawSession(emulator);
  await (await raw(emulator, '/run_sse', { token: ids.token, json: chatBody(ids.sessionId, GENERATE) })).text();
  return { emulator, ...ids, draft: emulator.draftOf(ids.sessionId)! };
}

const submit = (emulator: ReturnType<typeof createEmulator>, token: string, body: Record<string, unknown>, noSkill = false) =>
  raw(emulator, '/api/render/proxy/lambda', { token, json: { output: { format: 'mp4', quality: 'high' }, ...body }, noSkill });

describe('auth', () => {
  test('anonymous-token needs X-Client-Id: HTTP 400 without it (or past 64 characters)', async () => {
    const { emulator } = emulated();
    const missing = await raw(emulator, '/api/auth/anonymous-token', { method: 'POST' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 400, message: expect.stringContaining('X-Client-Id') });
    const long = await raw(emulator, '/api/auth/anonymous-token', { method: 'POST', headers: { 'X-Client-Id': 'x'.repeat(65) } });
    expect(long.status).toBe(400);
  });

  test('a token: nmv_usr_…, an anon_ user, 100 credits, expiring 7 days later on the clock', async () => {
    const clock = manualClock(Date.parse('2026-03-11T00:00:00Z'));
    const emulator = createEmulator({ clock });
    const response = await raw(emulator, '/api/auth/anonymous-token', { method: 'POST', headers: { 'X-Client-Id': 'c1' } });
    expect(await response.json()).toEqual({
      code: 0,
      message: 'success',
      data: { token: expect.stringMatching(/^nmv_usr_[0-9a-f]{32}$/), user_id: expect.stringMatching(/^anon_[0-9a-f]{16}$/), expires_at: '2026-03-18T00:00:00Z', credits: 100 },
    });
  });

  test('tokens expire after 7 days on the clock (1001, HTTP 401)', async () => {
    const { emulator, clock } = emulated();
    const { token } = await rawSession(emulator);
    clock.advance(7 * DAY - 1);
    expect((await raw(emulator, '/api/credits/balance/simple', { token })).status).toBe(200);
    clock.advance(1);
    const expired = await raw(emulator, '/api/credits/balance/simple', { token });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ code: 1001, message: expect.stringMatching(/expired/i) });
  });

  test.each([
    ['POST', '/api/auth/claim-token', 'A'],
    ['POST', '/api/tasks/me/with-session/nemo_agent', 'A'],
    ['POST', '/run_sse', 'A'],
    ['POST', '/api/upload-video/nemo_agent/me/1234567890123456789', 'A'],
    ['GET', '/api/credits/balance/simple', 'A'],
    ['GET', '/api/state/nemo_agent/me/1234567890123456789/latest', 'A'],
    ['POST', '/api/render/proxy/lambda', 'B'],
    ['GET', '/api/render/proxy/lambda/render_1', 'B'],
    ['POST', '/api/render/proxy/lambda/render_1/cancel', 'B'],
    ['GET', '/api/render/proxy/render_1/download', 'B'],
  ])('%s %s without a valid token → 1001, HTTP 401', async (method, path, envelope) => {
    const { emulator } = emulated();
    for (const token of [undefined, 'nmv_usr_unknown']) {
      const response = await raw(emulator, path, { method, token, json: method === 'POST' ? {} : undefined });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(envelope === 'A' ? { code: 1001, message: expect.any(String), data: null } : { success: false, error: expect.any(String) });
    }
  });

  test('with codesWithHttp200 the code comes inside an HTTP 200', async () => {
    const emulator = createEmulator({ codesWithHttp200: true });
    const response = await raw(emulator, '/api/credits/balance/simple', { token: 'nmv_usr_nope' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: 1001 });
  });
});

describe('sessions, credits, state', () => {
  test('session ids are 19-digit integers sent as strings', async () => {
    const { emulator } = emulated();
    const { token } = await rawSession(emulator);
    const text = await (await raw(emulator, '/api/tasks/me/with-session/nemo_agent', { token, json: { task_name: 'project', language: 'en' } })).text();
    expect(text).toMatch(/"session_id":"[1-9]\d{18}"/);
    expect(JSON.parse(text).data).toEqual({ task_id: expect.stringMatching(/^task_/), session_id: expect.any(String), user_id: expect.stringMatching(/^anon_/) });
  });

  test('credits: available, frozen and their total', async () => {
    const { emulator } = emulated();
    const { token } = await rawSession(emulator);
    expect((await (await raw(emulator, '/api/credits/balance/simple', { token })).json()).data).toEqual({ available: 100, frozen: 0, total: 100 });
  });

  test('credits are frozen while the agent works and spent when its tool returns', async () => {
    const { emulator } = emulated({ workMs: 100 });
    const { token, sessionId } = await rawSession(emulator);
    const turn = await raw(emulator, '/run_sse', { token, json: chatBody(sessionId, GENERATE) });
    const reader = turn.body!.getReader();
    await reader.read(); // the run has started
    expect((await (await raw(emulator, '/api/credits/balance/simple', { token })).json()).data).toEqual({ available: 0, frozen: 100, total: 100 });
    while (!(await reader.read()).done);
    expect((await (await raw(emulator, '/api/credits/balance/simple', { token })).json()).data).toEqual({ available: 0, frozen: 0, total: 0 });
  });

  test('state before anything is made: draft null; after generation: the short-key draft', async () => {
    const { emulator } = emulated();
    const { token, sessionId } = await rawSession(emulator);
    const before = (await (await raw(emulator, `/api/state/nemo_agent/me/${sessionId}/latest`, { token })).json()).data;
    expect(before).toEqual({
      session_id: sessionId,
      task_id: expect.stringMatching(/^task_/),
      task_name: 'project',
      state: { draft: null, video_infos: [], canvas_config: { width: 1920, height: 1080, aspect_ratio: '16:9' }, video_analyses: [], generated_media: [] },
    });
    await (await raw(emulator, '/run_sse', { token, json: chatBody(sessionId, GENERATE) })).text();
    const after = (await (await raw(emulator, `/api/state/nemo_agent/me/${sessionId}/latest`, { token })).json()).data.state;
    expect(after.draft).toMatchObject({ d: 30_000, m: { width: 1920, height: 1080 }, t: [{ tt: 0 }, { tt: 1 }, { tt: 7 }, { tt: 7 }] });
    expect(after.generated_media).toEqual([expect.objectContaining({ type: 'video', tool: 'generate_video_with_seedance' })]);
  });

  test("another user's session is not found (1002)", async () => {
    const { emulator } = emulated();
    const mine = await rawSession(emulator, 'me-1');
    const theirs = await rawSession(emulator, 'me-2');
    const response = await raw(emulator, `/api/state/nemo_agent/me/${theirs.sessionId}/latest`, { token: mine.token });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 1002 });
  });
});

describe('/run_sse', () => {
  test('unknown session: ADK 404 {"error":"Session not found: <id>"} before any event', async () => {
    const { emulator } = emulated();
    const { token } = await rawSession(emulator);
    const response = await raw(emulator, '/run_sse', { token, json: chatBody('999', 'hi') });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Session not found: 999' });
  });

  test('ADK framing: data lines and ping comments only, camelCase events, no done event', async () => {
    const { emulator, clock } = emulated();
    const { token, sessionId } = await rawSession(emulator);
    const response = await raw(emulator, '/run_sse', { token, json: chatBody(sessionId, GENERATE), headers: { Accept: 'text/event-stream' } });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const { text, events } = await sseFrames(response);
    for (const block of text.split('\n\n').filter(Boolean)) expect(block).toMatch(/^(data: \{.*\}|: ping)$/s);
    expect(text).toContain(': ping\n\n');
    expect(text).not.toMatch(/^(event|id):/m);
    for (const event of events) {
      expect(event).toMatchObject({ id: expect.any(String), invocationId: expect.stringMatching(/^e-/), author: 'nemo_agent', timestamp: clock.now() });
      expect(event).not.toHaveProperty('partial');
    }
    const parts = events.map((e) => e.content.parts[0]);
    expect(parts.map((p) => Object.keys(p)[0])).toEqual(['text', 'functionCall', 'functionResponse', 'text']);
    expect(parts[1].functionCall).toMatchObject({ name: 'generate_video_with_seedance', args: { duration: 30, aspect_ratio: '16:9' } });
    expect(parts[2].functionResponse).toMatchObject({ id: parts[1].functionCall.id, name: 'generate_video_with_seedance', response: { status: 'success' } });
    expect(events[2]!.content.role).toBe('user');
    expect(new Set(events.map((e) => e.invocationId)).size).toBe(1);
  });

  test('streaming: true → partial: true deltas, then a final event with the whole text and no partial key', async () => {
    const { emulator } = emulated();
    const { token, sessionId } = await rawSession(emulator);
    const { events } = await sseFrames(await raw(emulator, '/run_sse', { token, json: chatBody(sessionId, 'hello', { streaming: true }) }));
    const final = events.at(-1)!;
    expect(final).not.toHaveProperty('partial');
    const deltas = events.slice(0, -1);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((e) => e.partial === true)).toBe(true);
    expect(deltas.map((e) => e.content.parts[0].text).join('')).toBe(final.content.parts[0].text);
  });

  test('a silent edit: tool events and nothing else', async () => {
    const { emulator, token, sessionId } = await generated(createEmulator({ silentEditRate: 1, credits: 1_000 }));
    const { events } = await sseFrames(await raw(emulator, '/run_sse', { token, json: chatBody(sessionId, 'add lo-fi BGM', { streaming: true }) }));
    expect(events.map((e) => Object.keys(e.content.parts[0])[0])).toEqual(['functionCall', 'functionResponse']);
    expect(events[0]!.content.parts[0].functionCall).toMatchObject({ name: 'edit_multitrack', args: { operations: [{ op: 'set_bgm', name: 'Lo-fi', volume: 0.35 }] } });
  });

  test('a bad body is a 400 with an ADK-style error; a wrong app a 404', async () => {
    const { emulator } = emulated();
    const { token, sessionId } = await rawSession(emulator);
    const noText = await raw(emulator, '/run_sse', { token, json: { ...chatBody(sessionId, ''), new_message: { role: 'user', parts: [] } } });
    expect(noText.status).toBe(400);
    expect(await noText.json()).toEqual({ error: expect.any(String) });
    expect((await raw(emulator, '/run_sse', { token, json: { ...chatBody(sessionId, 'hi'), app_name: 'other' } })).status).toBe(404);
  });
});

describe('uploads', () => {
  const form = (...files: Array<[string, Blob, string?]>) => {
    const body = new FormData();
    for (const [name, blob, field = 'files'] of files) body.append(field, blob, name);
    return body;
  };
  const png = () => {
    const bytes = new Uint8Array(24);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(bytes.buffer).setUint32(16, 640);
    new DataView(bytes.buffer).setUint32(20, 480);
    return new Blob([bytes], { type: 'image/png' });
  };

  test('multipart: every part named `files` is parsed, described, stored and put on the timeline', async () => {
    const { emulator } = emulated();
    const { token, sessionId } = await rawSession(emulator);
    const path = `/api/upload-video/nemo_agent/me/${sessionId}`;
    const response = await raw(emulator, path, { token, body: form(['clip.mp4', new Blob([tinyMp4() as Uint8Array<ArrayBuffer>])], ['cover.png', png()]) });
    const body = await response.json();
    expect(body).toEqual({
      code: 0,
      message: 'success',
      data: {
        files: [
          { filename: 'clip.mp4', file_type: 'video', cdn_url: expect.stringMatching(/^https:\/\/emulator\.test\/files\/up_\w+\.mp4$/), duration: 1, width: 64, height: 36, fps: 1, hash: expect.stringMatching(/^[0-9a-f]{16}$/) },
          { filename: 'cover.png', file_type: 'image', cdn_url: expect.stringMatching(/\.png$/), duration: 0, width: 640, height: 480, fps: 0, hash: expect.any(String) },
        ],
        session_state_applied: true,
      },
    });
    const stored = await emulator.handle(new Request(body.data.files[1].cdn_url));
    expect(stored.headers.get('content-type')).toBe('image/png');
    const draft = emulator.draftOf(sessionId)!;
    expect(draft.t[0]!.sg.map((s) => [s.start, s.d, (s as { kind: string }).kind])).toEqual([
      [0, 1_000, 'video'],
      [1_000, 3_000, 'image'],
    ]);
  });

  test('type by extension, else by MIME; anything else is 4001 (HTTP 415) and nothing is kept', async () => {
    const { emulator } = emulated();
    const { token, sessionId } = await rawSession(emulator);
    const path = `/api/upload-video/nemo_agent/me/${sessionId}`;
    const byMime = await raw(emulator, path, { token, body: form(['photo', new Blob(['x'], { type: 'image/jpeg' })]) });
    expect((await byMime.json()).data.files[0]).toMatchObject({ filename: 'photo', file_type: 'image' });
    const rejected = await raw(emulator, path, { token, body: form(['ok.mp4', new Blob(['x'])], ['notes.txt', new Blob(['x'], { type: 'text/plain' })]) });
    expect(rejected.status).toBe(415);
    expect(await rejected.json()).toMatchObject({ code: 4001, message: expect.stringContaining('mp4, mov') });
    expect(emulator.draftOf(sessionId)!.t[0]!.sg).toHaveLength(1);
  });

  test('a body declared larger than 200 MB is 4002 (HTTP 413) before it is read', async () => {
    const { emulator } = emulated();
    const { token, sessionId } = await rawSession(emulator);
    const request = new Request(`https://emulator.test/api/upload-video/nemo_agent/me/${sessionId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(202 * 1024 * 1024) },
      body: '--x--',
    });
    const response = await emulator.handle(request);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 4002 });
  });

  test('parts not named `files` are not uploads (400)', async () => {
    const { emulator } = emulated();
    const { token, sessionId } = await rawSession(emulator);
    const response = await raw(emulator, `/api/upload-video/nemo_agent/me/${sessionId}`, { token, body: form(['a.mp4', new Blob(['x']), 'file']) });
    expect(response.status).toBe(400);
  });

  test('JSON {urls, source_type: "url"}; an unsupported URL is 4001', async () => {
    const { emulator } = emulated();
    const { token, sessionId } = await rawSession(emulator);
    const path = `/api/upload-video/nemo_agent/me/${sessionId}`;
    const ok = await raw(emulator, path, { token, json: { urls: ['https://cdn.example/song.mp3'], source_type: 'url' } });
    expect((await ok.json()).data.files[0]).toMatchObject({ filename: 'song.mp3', file_type: 'audio', cdn_url: 'https://cdn.example/song.mp3' });
    const bad = await raw(emulator, path, { token, json: { urls: ['https://cdn.example/doc.pdf'], source_type: 'url' } });
    expect(await bad.json()).toMatchObject({ code: 4001 });
  });
});

describe('renders', () => {
  test('submit: envelope B, pending at 5%; export is free', async () => {
    const { emulator, token, sessionId, draft } = await generated();
    const response = await submit(emulator, token, { id: 'render_a', sessionId, draft });
    expect(await response.json()).toEqual({ success: true, data: { id: 'render_a', status: 'pending', progress: 5, createdAt: expect.any(Number) } });
    expect((await (await raw(emulator, '/api/credits/balance/simple', { token })).json()).data.available).toBe(900);
  });

  test('without the X-Skill-* headers an export is refused with HTTP 402', async () => {
    const { emulator, token, sessionId, draft } = await generated();
    const response = await submit(emulator, token, { id: 'render_a', sessionId, draft }, true);
    expect(response.status).toBe(402);
    expect(await response.json()).toEqual({ success: false, error: expect.stringContaining('X-Skill') });
  });

  test('a duplicate id: HTTP 409, success false, "already exists"', async () => {
    const { emulator, token, sessionId, draft } = await generated();
    await submit(emulator, token, { id: 'render_a', sessionId, draft });
    const again = await submit(emulator, token, { id: 'render_a', sessionId, draft });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ success: false, error: expect.stringContaining('already exists') });
  });

  test('an empty draft or an unknown session is refused', async () => {
    const { emulator, token, sessionId, draft } = await generated();
    expect((await submit(emulator, token, { id: 'r1', sessionId, draft: { t: [{ tt: 0, sg: [] }], d: 0 } })).status).toBe(400);
    expect((await submit(emulator, token, { id: 'r2', sessionId: '1', draft })).status).toBe(404);
  });

  test('pending → processing → completed as the clock moves; outputUrl on the origin the request came to', async () => {
    const clock = manualClock();
    const { emulator, token, sessionId, draft } = await generated(createEmulator({ clock, renderMs: 10_000, credits: 1_000 }));
    const created = clock.now();
    await submit(emulator, token, { id: 'render_b', sessionId, draft });
    const status = async () => (await (await emulator.handle(new Request('http://127.0.0.1:4010/api/render/proxy/lambda/render_b', { headers: { Authorization: `Bearer ${token}` } }))).json()).data;
    const seen = [];
    for (let i = 0; i <= 10; i++) {
      seen.push(await status());
      clock.advance(1_000);
    }
    expect(seen.map((s) => s.status)).toEqual(['pending', ...Array(9).fill('processing'), 'completed']);
    const progress = seen.map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[9]).toBeLessThan(100);
    expect(seen.at(-1)).toEqual({ id: 'render_b', status: 'completed', progress: 100, createdAt: created, completedAt: created + 10_000, outputUrl: 'http://127.0.0.1:4010/files/render_b.mp4' });
  });

  test('a running job\'s status says when to look again (Retry-After: the seconds left, at least 1); a finished one does not', async () => {
    const clock = manualClock();
    const { emulator, token, sessionId, draft } = await generated(createEmulator({ clock, renderMs: 10_000, credits: 1_000 }));
    await submit(emulator, token, { id: 'render_h', sessionId, draft });
    const hint = async () => (await raw(emulator, '/api/render/proxy/lambda/render_h', { token })).headers.get('retry-after');
    expect(await hint()).toBe('10');
    clock.advance(7_500);
    expect(await hint()).toBe('3');
    clock.advance(2_499);
    expect(await hint()).toBe('1');
    clock.advance(1);
    expect(await hint()).toBeNull();
  });

  test('cancel stops an unfinished job; a finished one stays completed', async () => {
    const { emulator, clock } = emulated({ credits: 1_000 });
    const { token, sessionId, draft } = await generated(emulator);
    await submit(emulator, token, { id: 'r_cancel', sessionId, draft });
    const cancelled = await (await raw(emulator, '/api/render/proxy/lambda/r_cancel/cancel', { method: 'POST', token })).json();
    expect(cancelled.data).toMatchObject({ status: 'cancelled' });
    clock.advance(60_000);
    expect((await (await raw(emulator, '/api/render/proxy/lambda/r_cancel', { token })).json()).data.status).toBe('cancelled');
    await submit(emulator, token, { id: 'r_done', sessionId, draft });
    clock.advance(60_000);
    expect((await (await raw(emulator, '/api/render/proxy/lambda/r_done/cancel', { method: 'POST', token })).json()).data.status).toBe('completed');
  });

  test("another user's render is not found", async () => {
    const { emulator, token, sessionId, draft } = await generated();
    await submit(emulator, token, { id: 'r_mine', sessionId, draft });
    const other = await rawSession(emulator, 'someone-else');
    const response = await raw(emulator, '/api/render/proxy/lambda/r_mine', { token: other.token });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ success: false, error: expect.any(String) });
  });

  test('the renderer is pluggable; a failing one makes the job failed with its message', async () => {
    const calls: Array<{ draft: WireDraft; renderId: string }> = [];
    const bytes = new Uint8Array([0, 0, 0, 8, 0x66, 0x74, 0x79, 0x70]);
    const emulator = createEmulator({
      renderMs: 0,
      credits: 1_000,
      renderer: async (draft, { renderId }) => {
        calls.push({ draft, renderId });
        if (renderId === 'r_bad') throw new Error('encoder crashed');
        return bytes;
      },
    });
    const { token, sessionId, draft } = await generated(emulator);
    await submit(emulator, token, { id: 'r_good', sessionId, draft });
    await submit(emulator, token, { id: 'r_bad', sessionId, draft });
    await emulator.idle();
    expect(calls.map((c) => c.renderId)).toEqual(['r_good', 'r_bad']);
    expect(calls[0]!.draft).toEqual(draft);
    const good = (await (await raw(emulator, '/api/render/proxy/lambda/r_good', { token })).json()).data;
    expect(new Uint8Array(await (await emulator.handle(new Request(good.outputUrl))).arrayBuffer())).toEqual(bytes);
    expect((await (await raw(emulator, '/api/render/proxy/lambda/r_bad', { token })).json()).data).toMatchObject({ status: 'failed', error: 'encoder crashed' });
  });

  test('the direct download fallback and byte ranges on the file server', async () => {
    const { emulator, token, sessionId, draft } = await generated(createEmulator({ renderMs: 0, credits: 1_000 }));
    await submit(emulator, token, { id: 'r_dl', sessionId, draft });
    await emulator.idle();
    const whole = new Uint8Array(await (await raw(emulator, '/api/render/proxy/r_dl/download', { token })).arrayBuffer());
    expect(new TextDecoder().decode(whole.subarray(4, 8))).toBe('ftyp');
    const part = await emulator.handle(new Request('https://emulator.test/files/r_dl.mp4', { headers: { Range: 'bytes=4-7' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 4-7/${whole.length}`);
    expect(await part.text()).toBe('ftyp');
    const head = await emulator.handle(new Request('https://emulator.test/files/r_dl.mp4', { method: 'HEAD' }));
    expect(head.headers.get('content-length')).toBe(String(whole.length));
    expect((await emulator.handle(new Request('https://emulator.test/files/nope.mp4'))).status).toBe(404);
  });
});

describe('around the endpoints', () => {
  test('the request log has method, path and status, and never a token', async () => {
    const { emulator, token } = await generated();
    await raw(emulator, '/api/credits/balance/simple', { token });
    expect(emulator.requests.at(-1)).toEqual({ method: 'GET', path: '/api/credits/balance/simple', status: 200, at: expect.any(Number) });
    expect(JSON.stringify(emulator.requests)).not.toContain(token.slice(8));
  });

  test('every answer has an X-Request-Id; unknown paths are 404, wrong methods 405', async () => {
    const { emulator } = emulated();
    const missing = await raw(emulator, '/api/nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{16}$/);
    const wrong = await raw(emulator, '/api/credits/balance/simple', { method: 'POST', json: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  test('CORS: preflights are answered and responses expose Retry-After and X-Request-Id', async () => {
    const { emulator } = emulated();
    const preflight = await emulator.handle(
      new Request('https://emulator.test/run_sse', {
        method: 'OPTIONS',
        headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,x-skill-source' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,x-skill-source');
    const response = await raw(emulator, '/api/credits/balance/simple', { headers: { Origin: 'http://localhost:5173' } });
    expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });
});
