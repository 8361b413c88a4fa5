import { http, HttpResponse } from 'msw';
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
