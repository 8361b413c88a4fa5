/** Which cross-origin pages may call the proxy: exact origins (`https://app.example`), or a test of the origin. */
export type AllowedOrigins = readonly string[] | ((origin: string) => boolean);

/** Headers a page may read from a proxied response (the SDK reads Retry-After and X-Request-Id). */
const EXPOSED = 'Retry-After, X-Request-Id, Content-Length, Content-Range, X-Nemo-Refused-By';

/**
 * Whether the request may go on: no `Origin` (not a browser, or a same-origin GET), the proxy's own host, or an
 * allowed origin. Anything else is refused, so that another site cannot spend the server's credits with a
 * visitor's cookies.
 */
export function originAllowed(origin: string | null, host: string, allowed: AllowedOrigins): boolean {
  if (origin === null) return true;
  try {
    // The host, not the scheme: behind a TLS-terminating proxy the request URL may say http.
    if (new URL(origin).host === host) return true;
  } catch {
    // `Origin: null` (a sandboxed frame, a file) is allowed only when listed
  }
  return typeof allowed === 'function' ? allowed(origin) : allowed.includes(origin);
}

/** The CORS headers of an answer to an allowed cross-origin request (none for one without an Origin). */
export function corsHeaders(request: Request, preflight = false): Headers {
  const headers = new Headers();
  const origin = request.headers.get('origin');
  if (origin === null) return headers;
  headers.set('Access-Control-Allow-Origin', origin);
  headers.set('Access-Control-Allow-Credentials', 'true');
  headers.set('Vary', 'Origin');
  if (preflight) {
    headers.set('Access-Control-Allow-Methods', 'GET, POST');
    // Echoed: the proxy forwards only the headers it knows and drops the rest, so asking costs nothing.
    headers.set('Access-Control-Allow-Headers', request.headers.get('access-control-request-headers') ?? 'Content-Type');
    headers.set('Access-Control-Max-Age', '600');
  } else {
    headers.set('Access-Control-Expose-Headers', EXPOSED);
  }
  return headers;
}
