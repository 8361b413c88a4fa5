/** Marks the proxy's own refusals (`APIError.byProxy` in the page). */
export const REFUSED_BY = 'X-Nemo-Refused-By';

/**
 * The proxy's own answers, in the service's envelope (`{ code, message }` with the same HTTP status), so the
 * SDK in the page maps them to its typed errors: 401 AuthenticationError, 403 PermissionDeniedError, 404 and
 * 400 APIError, 413 FileTooLargeError, 502 APIError (retried on GETs).
 */
export function refusal(status: number, message: string, headers?: Headers): Response {
  // The header tells the page's SDK that its message, not the service's usual advice, says what to do.
  const response = Response.json({ code: status, message }, { status, headers: { [REFUSED_BY]: 'proxy' } });
  headers?.forEach((value, name) => response.headers.set(name, value));
  return response;
}
