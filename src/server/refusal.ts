/**
 * The proxy's own answers, in the service's envelope (`{ code, message }` with the same HTTP status), so the
 * SDK in the page maps them to its typed errors: 401 AuthenticationError, 403 PermissionDeniedError, 404 and
 * 400 APIError, 413 FileTooLargeError, 502 APIError (retried on GETs).
 */
export function refusal(status: number, message: string, headers?: Headers): Response {
  const response = Response.json({ code: status, message }, { status });
  headers?.forEach((value, name) => response.headers.set(name, value));
  return response;
}
