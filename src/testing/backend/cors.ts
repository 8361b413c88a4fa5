/**
 * CORS, so a page on another origin (a browser test, a demo app) can call the emulator when it is served
 * over HTTP: preflights are answered, and every response lets the page read the headers the SDK uses.
 */
const EXPOSED = 'Retry-After, X-Request-Id, Content-Length, Content-Range';

/** The answer to an `OPTIONS` preflight: any origin, the methods the API uses, the headers asked for. */
export function preflight(request: Request): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': request.headers.get('origin') ?? '*',
      'Access-Control-Allow-Methods': 'GET, POST, HEAD, OPTIONS',
      'Access-Control-Allow-Headers':
        request.headers.get('access-control-request-headers') ?? 'Authorization, Content-Type, Accept, X-Client-Id, X-Skill-Source, X-Skill-Version, X-Skill-Platform',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    },
  });
}

/** Adds the CORS headers an actual (non-preflight) response needs. */
export function allowCors(response: Response, request: Request): Response {
  response.headers.set('Access-Control-Allow-Origin', request.headers.get('origin') ?? '*');
  response.headers.set('Access-Control-Expose-Headers', EXPOSED);
  response.headers.append('Vary', 'Origin');
  return response;
}
