import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  APIError,
  APITimeoutError,
  ExportBlockedError,
  InvalidArgumentError,
  RenderFailedError,
  ResponseValidationError,
  type RenderStatus,
} from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { emptyWireDraft, wireDraft } from '../helpers/draft.js';
import { rejectionOf } from '../helpers/outcome.js';
import { okB, serveCancel, serveStatuses } from '../helpers/render.js';
import { recordRequests } from '../helpers/requests.js';
import { BASE, server } from '../helpers/server.js';

const SID = '5529798706024415232';
const RENDER_URL = `${BASE}/api/render/proxy/lambda`;

type Submission = { id: string; sessionId: string; draft: unknown; output: unknown };

/** Answers render submissions with `answers` in turn (the last repeats); keeps each body. */
function serveSubmit(...answers: Array<(body: Submission) => Response>): Submission[] {
  const bodies: Submission[] = [];
  server.use(
    http.post(RENDER_URL, async ({ request }) => {
      const body = (await request.json()) as Submission;
      bodies.push(body);
      return answers[Math.min(bodies.length - 1, answers.length - 1)]!(body);
    }),
  );
  return bodies;
}
const accepted = (body: Submission) => HttpResponse.json(okB({ id: body.id, status: 'pending', progress: 5 }));
const conflict = () => HttpResponse.json({ success: false, error: 'conflict' }, { status: 409 });
const alreadyExists = () => HttpResponse.json({ success: false, error: 'Render render_x already exists' });

describe('renders.create', () => {
  test('POSTs {id: render_…, sessionId, draft, output: mp4/high} and reads envelope B', async () => {
    const bodies = serveSubmit(accepted);
    const job = await client().renders.create({ sessionId: SID, draft: wireDraft() });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toEqual({ id: expect.stringMatching(/^render_\w+$/), sessionId: SID, draft: wireDraft(), output: { format: 'mp4', quality: 'high' } });
    expect(job).toMatchObject({ id: bodies[0]!.id, status: 'pending', progress: 5 });
  });

  test('aborted while the request is out: the job the service made is cancelled, never left running unknown', async () => {
    const controller = new AbortController();
    // The service takes the job; the caller gives up before the answer arrives.
    const bodies = serveSubmit(({ id }) => {
      controller.abort();
      return HttpResponse.json(okB({ id, status: 'pending', progress: 5 }));
    });
    const cancelled = serveCancel();
    const error = await rejectionOf(client().renders.create({ sessionId: SID, draft: wireDraft() }, { signal: controller.signal }));
    expect(error).toBe(controller.signal.reason);
    expect(bodies).toHaveLength(1);
    expect(cancelled).toEqual([bodies[0]!.id]);
  });

  test('aborted before the call: nothing is sent', async () => {
    const bodies = serveSubmit(accepted);
    const error = await rejectionOf(client().renders.create({ sessionId: SID, draft: wireDraft() }, { signal: AbortSignal.abort() }));
    expect((error as Error).name).toBe('AbortError');
    expect(bodies).toEqual([]);
  });

  test('makes a new id for every render', async () => {
    const bodies = serveSubmit(accepted);
    const nv = client();
    await nv.renders.create({ sessionId: SID, draft: wireDraft() });
    await nv.renders.create({ sessionId: SID, draft: wireDraft() });
    expect(bodies[0]!.id).not.toBe(bodies[1]!.id);
  });

  test('keeps the id it sent when the answer has none', async () => {
    const bodies = serveSubmit(() => HttpResponse.json(okB({ status: 'pending', progress: 5 })));
    const job = await client().renders.create({ sessionId: SID, draft: wireDraft() });
    expect(job.id).toBe(bodies[0]!.id);
  });

  test.each([
    ['tracks without segments', emptyWireDraft()],
    ['no tracks', { t: [] }],
    ['an empty object', {}],
    ['an empty readable timeline', { tracks: [{ type: 'video', segments: [] }] }],
  ])('refuses a draft with %s before sending anything', async (_, draft) => {
    const seen = recordRequests();
    await expect(client().renders.create({ sessionId: SID, draft })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test('refuses a readable timeline with an unknown track type as InvalidArgumentError, sending nothing', async () => {
    const seen = recordRequests();
    const draft = { tracks: [{ type: 'banana', segments: [{ id: 'a' }] }] };
    await expect(client().renders.create({ sessionId: SID, draft })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test('refuses a bad session id before sending anything', async () => {
    const seen = recordRequests();
    await expect(client().renders.create({ sessionId: '../x', draft: wireDraft() })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test.each([
    ['HTTP 409', conflict],
    ['success:false "already exists"', alreadyExists],
  ])('retries a duplicate id (%s) once with a new id', async (_, duplicate) => {
    const bodies = serveSubmit(duplicate, accepted);
    const job = await client({ maxRetries: 1 }).renders.create({ sessionId: SID, draft: wireDraft() });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]!.id).toMatch(/^render_\w+$/);
    expect(bodies[1]!.id).not.toBe(bodies[0]!.id);
    expect(bodies[1]!.draft).toEqual(bodies[0]!.draft);
    expect(job.id).toBe(bodies[1]!.id);
  });

  test('after a duplicate-id retry, a status without an id is the job sent under the new id', async () => {
    const bodies = serveSubmit(conflict, () => HttpResponse.json(okB({ status: 'pending', progress: 5 })));
    const job = await client({ maxRetries: 1 }).renders.create({ sessionId: SID, draft: wireDraft() });
    expect(job.id).toBe(bodies[1]!.id);
  });

  test('surfaces a second duplicate-id failure after exactly two attempts', async () => {
    const bodies = serveSubmit(conflict);
    const error = await rejectionOf(client({ maxRetries: 1 }).renders.create({ sessionId: SID, draft: wireDraft() }));
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(409);
    expect(bodies).toHaveLength(2);
  });

  test('with maxRetries: 0, a duplicate id is surfaced after one attempt', async () => {
    const bodies = serveSubmit(conflict, accepted);
    const error = await rejectionOf(client({ maxRetries: 0 }).renders.create({ sessionId: SID, draft: wireDraft() }));
    expect(error.status).toBe(409);
    expect(bodies).toHaveLength(1);
  });

  test('sends the id the caller chose, known before the request goes', async () => {
    const bodies = serveSubmit(() => HttpResponse.json(okB({ status: 'pending', progress: 5 })));
    const job = await client().renders.create({ id: 'render_mine.1', sessionId: SID, draft: wireDraft() });
    expect(bodies.map((b) => b.id)).toEqual(['render_mine.1']);
    expect(job.id).toBe('render_mine.1');
  });

  test("a duplicate of the caller's own id is thrown, never retried under another id (the job may be the caller's)", async () => {
    const bodies = serveSubmit(conflict, accepted);
    const error = await rejectionOf(client({ maxRetries: 2 }).renders.create({ id: 'render_mine', sessionId: SID, draft: wireDraft() }));
    expect(error.status).toBe(409);
    expect(bodies.map((b) => b.id)).toEqual(['render_mine']);
  });

  test.each([[''], ['..'], ['a/b'], ['x'.repeat(129)]])('refuses the id %j before sending anything', async (id) => {
    const seen = recordRequests();
    await expect(client().renders.create({ id, sessionId: SID, draft: wireDraft() })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test('does not retry other failures', async () => {
    const bodies = serveSubmit(() => HttpResponse.json({ success: false, error: 'renderer exploded' }, { status: 500 }));
    await expect(client().renders.create({ sessionId: SID, draft: wireDraft() })).rejects.toBeInstanceOf(APIError);
    expect(bodies).toHaveLength(1);
  });

  test('maps HTTP 402 to ExportBlockedError', async () => {
    const bodies = serveSubmit(() => HttpResponse.json({ success: false, error: 'plan does not allow export' }, { status: 402 }));
    const error = await rejectionOf(client().renders.create({ sessionId: SID, draft: wireDraft() }));
    expect(error).toBeInstanceOf(ExportBlockedError);
    expect(error.status).toBe(402);
    expect(bodies).toHaveLength(1);
  });
});

describe('renders.retrieve', () => {
  const serveRaw = (body: Record<string, unknown>) => server.use(http.get(`${RENDER_URL}/:id`, () => HttpResponse.json(body)));

  test('reads envelope B {id, status, progress, outputUrl}', async () => {
    serveRaw(okB({ id: 'render_1', status: 'completed', progress: 100, outputUrl: 'https://cdn.test/out.mp4', createdAt: 1 }));
    await expect(client().renders.retrieve('render_1')).resolves.toMatchObject({
      id: 'render_1',
      status: 'completed',
      progress: 100,
      url: 'https://cdn.test/out.mp4',
    });
  });

  test('reads the older top-level {taskId, status, progress, output: {url}}', async () => {
    serveRaw({ taskId: 'render_2', status: 'completed', progress: 100, output: { url: 'https://cdn.test/old.mp4', size: 10 } });
    await expect(client().renders.retrieve('render_2')).resolves.toMatchObject({ id: 'render_2', status: 'completed', url: 'https://cdn.test/old.mp4' });
  });

  test('reads outputFile as the url', async () => {
    serveRaw(okB({ id: 'render_3', status: 'done', progress: 100, outputFile: 'https://cdn.test/file.mp4' }));
    await expect(client().renders.retrieve('render_3')).resolves.toMatchObject({ status: 'completed', url: 'https://cdn.test/file.mp4' });
  });

  test('GETs api/render/proxy/lambda/<id>', async () => {
    const seen = serveStatuses({ id: 'render_4', status: 'pending' });
    await client().renders.retrieve('render_4');
    expect(seen.ids).toEqual(['render_4']);
  });

  test.each([
    ['pending', 'pending'],
    ['QUEUED', 'pending'],
    [undefined, 'pending'],
    ['processing', 'processing'],
    ['rendering', 'processing'],
    ['Completed', 'completed'],
    ['success', 'completed'],
    ['succeeded', 'completed'],
    ['failed', 'failed'],
    ['ERROR', 'failed'],
    ['cancelled', 'failed'],
  ])('normalises status %j to %s', async (word, status) => {
    serveStatuses({ id: 'r', status: word });
    await expect(client().renders.retrieve('r')).resolves.toMatchObject({ status });
  });

  test.each([
    [150, 100],
    [-5, 0],
    ['42', 42],
    [undefined, 0],
  ])('clamps progress %j to %j', async (progress, expected) => {
    serveStatuses({ id: 'r', status: 'processing', progress });
    expect((await client().renders.retrieve('r')).progress).toBe(expected);
  });

  test.each([['a/../b'], ['..'], ['']])('refuses render id %j without sending anything', async (id) => {
    const seen = recordRequests();
    await expect(client().renders.retrieve(id)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });
});

describe('renders.poll', () => {
  test('yields every status until completed, then stops asking', async () => {
    const seen = serveStatuses(
      { id: 'r', status: 'pending', progress: 0 },
      { id: 'r', status: 'processing', progress: 50 },
      { id: 'r', status: 'completed', progress: 100, outputUrl: 'https://cdn.test/r.mp4' },
      { id: 'r', status: 'processing', progress: 60 },
    );
    const statuses: RenderStatus[] = [];
    for await (const s of client().renders.poll('r', { interval: 5 })) statuses.push(s);
    expect(statuses.map((s) => [s.status, s.progress])).toEqual([
      ['pending', 0],
      ['processing', 50],
      ['completed', 100],
    ]);
    expect(seen.calls).toBe(3);
  });

  test('stops at failed', async () => {
    const seen = serveStatuses({ id: 'r', status: 'processing' }, { id: 'r', status: 'failed', error: 'bad clip' }, { id: 'r', status: 'processing' });
    const statuses: string[] = [];
    for await (const s of client().renders.poll('r', { interval: 5 })) statuses.push(s.status);
    expect(statuses).toEqual(['processing', 'failed']);
    expect(seen.calls).toBe(2);
  });
});

describe('renders.wait', () => {
  afterEach(() => void vi.useRealTimers());

  test('returns the completed status with url and calls onProgress for each status', async () => {
    serveStatuses(
      { id: 'r', status: 'pending', progress: 5 },
      { id: 'r', status: 'processing', progress: 60 },
      { id: 'r', status: 'completed', progress: 100, outputUrl: 'https://cdn.test/r.mp4' },
    );
    const progress: number[] = [];
    const done = await client().renders.wait('r', { interval: 5, onProgress: (s) => progress.push(s.progress) });
    expect(done).toMatchObject({ id: 'r', status: 'completed', url: 'https://cdn.test/r.mp4' });
    expect(progress).toEqual([5, 60, 100]);
  });

  test('throws RenderFailedError with the render id and reason', async () => {
    serveStatuses({ id: 'r', status: 'processing' }, { id: 'r', status: 'failed', error: 'codec error' });
    const error = await rejectionOf(client().renders.wait('r', { interval: 5 }));
    expect(error).toBeInstanceOf(RenderFailedError);
    expect(error).toMatchObject({ renderId: 'r', reason: 'codec error' });
  });

  test('timeout is each status request\'s own limit; maxDuration the whole wait\'s', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/api/render/proxy/lambda/r`, async () => {
        // The first status comes; the second request hangs, and its own timeout ends the wait long before maxDuration.
        if (calls++ === 0) return HttpResponse.json(okB({ id: 'r', status: 'processing', progress: 10 }));
        return new Promise<never>(() => undefined);
      }),
    );
    const error = await rejectionOf(client().renders.wait('r', { interval: 5, timeout: 40, maxDuration: 60_000 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error.message).toMatch(/^GET \/api\/render\/proxy\/lambda\/r timed out/);
    expect(calls).toBe(2);
  });

  test('throws APITimeoutError when it does not finish within maxDuration', async () => {
    const seen = serveStatuses({ id: 'r', status: 'processing', progress: 10 });
    await expect(client().renders.wait('r', { interval: 5, maxDuration: 30 })).rejects.toBeInstanceOf(APITimeoutError);
    expect(seen.calls).toBeGreaterThan(1);
  });

  test('rejects with the AbortError when the signal aborts, and stops polling', async () => {
    const seen = serveStatuses({ id: 'r', status: 'processing' });
    const controller = new AbortController();
    const error = await rejectionOf(
      client().renders.wait('r', { interval: 60_000, signal: controller.signal, onProgress: () => controller.abort() }),
    );
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(seen.calls).toBe(1);
  });

  test('reports a completed render without an output URL as a ResponseValidationError', async () => {
    serveStatuses({ id: 'r', status: 'completed', progress: 100 });
    await expect(client().renders.wait('r', { interval: 5 })).rejects.toBeInstanceOf(ResponseValidationError);
  });

  test('polls every 30 s by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const seen = serveStatuses({ id: 'r', status: 'processing', progress: 10 }, { id: 'r', status: 'completed', progress: 100, outputUrl: 'https://cdn.test/r.mp4' });
    let firstSeen!: () => void;
    const first = new Promise<void>((resolve) => (firstSeen = resolve));
    const done = client().renders.wait('r', { onProgress: () => firstSeen() });
    await first;
    await vi.advanceTimersByTimeAsync(29_999);
    expect(seen.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toMatchObject({ status: 'completed' });
    expect(seen.calls).toBe(2);
  });

  /** Starts a wait and resolves once its first status has been seen (fake timers from then on). */
  async function waitStarted(options: { interval?: number | ((check: number) => number) } = {}) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let firstSeen!: () => void;
    const first = new Promise<void>((resolve) => (firstSeen = resolve));
    const done = client().renders.wait('r', { ...options, onProgress: () => firstSeen() });
    await first;
    return { done }; // wrapped: an async function returning the promise itself would wait for it
  }

  describe("the server's poll hint (Retry-After on a status answer)", () => {
    /** Serves `processing` with `hints` as Retry-After in turn (null: none), then `completed`; counts the calls. */
    function serveHinted(...hints: (string | null)[]) {
      const seen = { calls: 0 };
      server.use(
        http.get(`${BASE}/api/render/proxy/lambda/:id`, () => {
          const hint = hints[seen.calls++];
          if (hint === undefined) return HttpResponse.json(okB({ id: 'r', status: 'completed', progress: 100, outputUrl: 'https://cdn.test/r.mp4' }));
          return HttpResponse.json(okB({ id: 'r', status: 'processing', progress: 10 }), { headers: hint === null ? {} : { 'Retry-After': hint } });
        }),
      );
      return seen;
    }

    test('sets the next wait when no interval is given', async () => {
      const seen = serveHinted('2', '1');
      const { done } = await waitStarted();
      await vi.advanceTimersByTimeAsync(1_999);
      expect(seen.calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(seen.calls).toBe(2);
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(done).resolves.toMatchObject({ status: 'completed' });
      expect(seen.calls).toBe(3);
    });

    test('is held within 1-30 s, and a status without one goes back to 30 s', async () => {
      const seen = serveHinted('0', '600', null);
      const { done } = await waitStarted();
      await vi.advanceTimersByTimeAsync(1_000); // 0 → at least 1 s
      expect(seen.calls).toBe(2);
      await vi.advanceTimersByTimeAsync(29_999); // 600 → at most 30 s
      expect(seen.calls).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(seen.calls).toBe(3);
      await vi.advanceTimersByTimeAsync(29_999); // none → the 30 s default
      expect(seen.calls).toBe(3);
      await vi.advanceTimersByTimeAsync(1);
      await expect(done).resolves.toMatchObject({ status: 'completed' });
    });

    test("a caller's own interval wins over it", async () => {
      const seen = serveHinted('1');
      const { done } = await waitStarted({ interval: 5_000 });
      await vi.advanceTimersByTimeAsync(4_999);
      expect(seen.calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await expect(done).resolves.toMatchObject({ status: 'completed' });
    });
  });

  test('an interval schedule sets the wait after each check', async () => {
    const processing = { id: 'r', status: 'processing', progress: 10 };
    const seen = serveStatuses(processing, processing, { id: 'r', status: 'completed', progress: 100, outputUrl: 'https://cdn.test/r.mp4' });
    const { done } = await waitStarted({ interval: (check) => [1_000, 5_000][check]! });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(seen.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toMatchObject({ status: 'completed' });
    expect(seen.calls).toBe(3);
  });
});

describe('renders.cancel', () => {
  test('POSTs api/render/proxy/lambda/<id>/cancel', async () => {
    const cancelled = serveCancel();
    await expect(client().renders.cancel('render_9')).resolves.toBeUndefined();
    expect(cancelled).toEqual(['render_9']);
  });

  test('refuses render id ".." without sending anything', async () => {
    const seen = recordRequests();
    await expect(client().renders.cancel('..')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test('surfaces a failed cancel', async () => {
    server.use(http.post(`${RENDER_URL}/:id/cancel`, () => HttpResponse.json(ok(null), { status: 404 })));
    await expect(client().renders.cancel('render_9')).rejects.toBeInstanceOf(APIError);
  });
});
