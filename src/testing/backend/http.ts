/**
 * Wire shapes of responses: envelope A `{code, message, data}` for most endpoints, envelope B
 * `{success, data | error}` for the render proxy, ADK's `{"error": …}` for /run_sse, and failures thrown by
 * handlers as {@link HttpFailure}.
 */

/** Which error shape a route answers with. */
export type Family = 'A' | 'B' | 'adk' | 'cdn';

/**
 * A failure a handler throws; `handle` turns it into the route's error shape. `code` is the service's
 * envelope code (1001, 2001…); undefined for failures that are only an HTTP status.
 */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The HTTP status that goes with each service code when codes are not sent inside an HTTP 200. */
export const STATUS_OF_CODE: Record<number, number> = { 1001: 401, 1002: 404, 2001: 402, 4001: 415, 4002: 413 };

/** A failure for a service code, with its usual HTTP status. */
export const codeFailure = (code: number, message: string): HttpFailure => new HttpFailure(STATUS_OF_CODE[code] ?? 400, code, message);

/** Code 1001 (HTTP 401) for a token past its lifetime, as the service words it (also played by the `expired-token` fault). */
export const tokenExpired = (): HttpFailure =>
  new HttpFailure(401, 1001, 'Token expired: request a new one from /api/auth/anonymous-token with the same X-Client-Id.');

/** A JSON response. */
export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/** Envelope A success. */
export const okA = (data: unknown, message = 'success'): Response => json({ code: 0, message, data });

/** Envelope B success. */
export const okB = (data: unknown): Response => json({ success: true, data });

/**
 * The failure in the route's shape. With `http200` the code travels inside an HTTP 200 (one of the two
 * forms the spec allows), so clients that only look at the status miss it.
 */
export function failureResponse(family: Family, failure: HttpFailure, http200: boolean): Response {
  const status = http200 ? 200 : failure.status;
  const code = failure.code ?? failure.status;
  const { headers, message } = failure;
  switch (family) {
    case 'B':
      return json({ success: false, error: message, ...(http200 && { code }) }, status, headers);
    case 'adk':
      // ADK's own errors (unknown session) are `{"error": …}`; the gateway's (token, credits) are envelope A.
      return failure.code === undefined && !http200 ? json({ error: message }, status, headers) : json({ code, message, data: null }, status, headers);
    case 'cdn':
      return new Response(message, { status: failure.status, headers: { 'Content-Type': 'text/plain', ...headers } });
    default:
      return json({ code, message, data: null }, status, headers);
  }
}

/** Reads a JSON request body; a missing or broken one is a 400 in the route's shape. */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new HttpFailure(400, 400, 'The request body must be a JSON object.');
}
