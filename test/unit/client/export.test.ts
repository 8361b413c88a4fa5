import { describe, expect, test } from 'vitest';
import { APITimeoutError, InvalidArgumentError, RenderFailedError, type RenderStatus } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { emptyWireDraft, wireDraft } from '../helpers/draft.js';
import { rejectionOf } from '../helpers/outcome.js';
import { serveCancel, serveStateAndSubmit, serveStatuses } from '../helpers/render.js';

const SID = '5529798706024415232';
const JOB = 'render_job1';

describe('nv.export', () => {
  test('reads the state, renders its draft and waits: {url, renderId}', async () => {
    const submitted = serveStateAndSubmit(wireDraft(), JOB);
    const polled = serveStatuses(
      { id: JOB, status: 'processing', progress: 40 },
      { id: JOB, status: 'completed', progress: 100, outputUrl: 'https://cdn.test/final.mp4' },
    );
    const progress: RenderStatus[] = [];
    const result = await client().export(SID, { interval: 5, onProgress: (s) => progress.push(s) });
    expect(result).toEqual({ url: 'https://cdn.test/final.mp4', renderId: JOB });
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ sessionId: SID, draft: wireDraft() });
    expect(polled.ids).toEqual([JOB, JOB]);
    expect(progress.map((s) => s.progress)).toEqual([40, 100]);
  });

  test.each([
    ['tracks without segments', emptyWireDraft()],
    ['no draft', undefined],
  ])('refuses a timeline with %s as InvalidArgumentError without a render request', async (_, draft) => {
    const submitted = serveStateAndSubmit(draft, JOB);
    await expect(client().export(SID, { interval: 5 })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(submitted).toEqual([]);
  });

  test('cancels the render when the wait is aborted, and surfaces the AbortError', async () => {
    serveStateAndSubmit(wireDraft(), JOB);
    serveStatuses({ id: JOB, status: 'processing', progress: 10 });
    const cancelled = serveCancel();
    const controller = new AbortController();
    const error = await rejectionOf(
      client().export(SID, { interval: 60_000, signal: controller.signal, onProgress: () => controller.abort() }),
    );
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(cancelled).toEqual([JOB]);
  });

  test('maxDuration covers the whole export: a slow state read counts against it', async () => {
    // The state read takes longer than the whole maxDuration: the wait is left no time.
    serveStateAndSubmit(wireDraft(), JOB, { stateDelayMs: 60 });
    serveStatuses({ id: JOB, status: 'processing', progress: 10 });
    const cancelled = serveCancel();
    let checks = 0;
    const error = await rejectionOf(client().export(SID, { interval: 1_000, maxDuration: 30, onProgress: () => checks++ }));
    expect(error).toBeInstanceOf(APITimeoutError);
    // With maxDuration on the wait alone, a second check would come at its 30 ms deadline.
    expect(checks).toBe(1);
    expect(cancelled).toEqual([JOB]);
  });

  test('onRenderStarted gets the job id once the job exists, before any status', async () => {
    serveStateAndSubmit(wireDraft(), JOB);
    serveStatuses({ id: JOB, status: 'completed', progress: 100, outputUrl: 'https://cdn.test/v.mp4' });
    const seen: string[] = [];
    await client().export(SID, { interval: 5, onRenderStarted: (id) => seen.push(`started ${id}`), onProgress: (s) => seen.push(s.status) });
    expect(seen).toEqual([`started ${JOB}`, 'completed']);
  });

  test('cancels the render when the wait times out', async () => {
    serveStateAndSubmit(wireDraft(), JOB);
    serveStatuses({ id: JOB, status: 'processing', progress: 10 });
    const cancelled = serveCancel();
    await expect(client().export(SID, { interval: 5, maxDuration: 20 })).rejects.toBeInstanceOf(APITimeoutError);
    expect(cancelled).toEqual([JOB]);
  });

  test('does not cancel a render that failed, and surfaces RenderFailedError', async () => {
    serveStateAndSubmit(wireDraft(), JOB);
    serveStatuses({ id: JOB, status: 'failed', error: 'codec error' });
    const cancelled = serveCancel();
    const error = await rejectionOf(client().export(SID, { interval: 5 }));
    expect(error).toBeInstanceOf(RenderFailedError);
    expect(error).toMatchObject({ renderId: JOB, reason: 'codec error' });
    expect(cancelled).toEqual([]);
  });
});
