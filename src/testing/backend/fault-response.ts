import type { FaultSpec } from '../faults.js';
import type { Route } from './backend.js';
import { HttpFailure } from './http.js';

/** The faults that replace a response with an error. */
export type ResponseFault = Extract<FaultSpec, { kind: 'expired-token' | 'lost-session' | 'no-credits' | 'export-blocked' | 'rate-limit' | 'server-error' }>;

const RESPONSE_KINDS = new Set<FaultSpec['kind']>(['expired-token', 'lost-session', 'no-credits', 'export-blocked', 'rate-limit', 'server-error']);

export const isResponseFault = (fault: FaultSpec): fault is ResponseFault => RESPONSE_KINDS.has(fault.kind);

/** The session id a request names: in its path, or in its JSON body (/run_sse, render submit). */
async function sessionIdOf(request: Request): Promise<string> {
  const inPath = /\/me\/([^/]+)/.exec(new URL(request.url).pathname)?.[1];
  if (inPath) return inPath;
  const body = (await request
    .clone()
    .json()
    .catch(() => ({}))) as { session_id?: unknown; sessionId?: unknown };
  return String(body.session_id ?? body.sessionId ?? '');
}

/** The error a response fault answers with, in the form the service uses for that error. */
export async function faultFailure(fault: ResponseFault, request: Request, route: Route): Promise<HttpFailure> {
  switch (fault.kind) {
    case 'expired-token':
      return new HttpFailure(401, 1001, 'Token expired: request a new one from /api/auth/anonymous-token with the same X-Client-Id.');
    case 'lost-session': {
      const id = await sessionIdOf(request);
      // On the chat it is ADK itself that answers, in its own shape (unless the code is sent in an HTTP 200).
      return route.family === 'adk' && !fault.http200 ? new HttpFailure(404, undefined, `Session not found: ${id}`) : new HttpFailure(404, 1002, `Session not found: ${id}`);
    }
    case 'no-credits':
      return new HttpFailure(402, 2001, 'Insufficient credits.');
    case 'export-blocked':
      return new HttpFailure(402, fault.http200 ? 402 : undefined, 'Export is not available on the free plan: upgrade the subscription.');
    case 'rate-limit':
      return new HttpFailure(429, 429, 'Too many requests.', fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) });
    case 'server-error': {
      const status = fault.status ?? 503;
      return new HttpFailure(status, status, status === 503 ? 'Service temporarily unavailable.' : 'Internal server error.');
    }
  }
}
