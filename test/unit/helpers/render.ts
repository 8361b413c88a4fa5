import { delay, http, HttpResponse } from 'msw';
import { ok } from './client.js';
import { stateData } from './draft.js';
import { BASE, server } from './server.js';

/** Envelope B, as the render proxy answers. */
export const okB = (data: unknown) => ({ success: true, data });

/**
 * Answers `GET api/render/proxy/lambda/<id>` with `statuses` in turn (the last one repeats) and
 * counts the calls.
 */
export function serveStatuses(...statuses: Record<string, unknown>[]): { calls: number; ids: string[] } {
  const seen = { calls: 0, ids: [] as string[] };
  server.use(
    http.get(`${BASE}/api/render/proxy/lambda/:id`, ({ params }) => {
      const status = statuses[Math.min(seen.calls, statuses.length - 1)];
      seen.calls += 1;
      seen.ids.push(String(params.id));
      return HttpResponse.json(okB(status));
    }),
  );
  return seen;
}

/** Answers the cancel endpoint and records which ids were cancelled. */
export function serveCancel(): string[] {
  const cancelled: string[] = [];
  server.use(
    http.post(`${BASE}/api/render/proxy/lambda/:id/cancel`, ({ params }) => {
      cancelled.push(String(params.id));
      return HttpResponse.json({ success: true });
    }),
  );
  return cancelled;
}

/** A render submission as the SDK sends it. */
export interface Submission {
  id: string;
  sessionId: string;
  draft: unknown;
  [field: string]: unknown;
}

/**
 * Serves every session's state with `draft` and accepts renders (as `jobId` when given, else under the id
 * sent), keeping each submission body; `stateDelayMs` holds each state answer back that long.
 */
export function serveStateAndSubmit(draft: unknown, jobId?: string, { stateDelayMs = 0 } = {}): Submission[] {
  const submitted: Submission[] = [];
  server.use(
    http.get(`${BASE}/api/state/nemo_agent/me/:sid/latest`, async () => {
      if (stateDelayMs) await delay(stateDelayMs);
      return HttpResponse.json(ok(stateData(draft)));
    }),
    http.post(`${BASE}/api/render/proxy/lambda`, async ({ request }) => {
      const body = (await request.json()) as Submission;
      submitted.push(body);
      return HttpResponse.json(okB({ id: jobId ?? body.id, status: 'pending', progress: 5 }));
    }),
  );
  return submitted;
}
