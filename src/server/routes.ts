/**
 * The API's routes the proxy forwards, and nothing else: each names what its body is and which id in it (or in
 * its path) must belong to the caller. Paths are under the prefix, without a leading slash, as the SDK sends
 * them; the upstream URL is rebuilt from the match, never copied from the request.
 */

/** What the proxy does with a route's request body. */
export type BodyKind =
  /** none is forwarded */
  | 'none'
  /** read (up to a limit) and checked, then forwarded as read */
  | 'json'
  /** streamed through, counted against `maxUploadBytes` */
  | 'stream';

/** One forwarded route. */
export interface ProxyRoute {
  /** What the route is, for ownership and for what the proxy learns from its answer. */
  name: 'session' | 'chat' | 'upload' | 'credits' | 'state' | 'render' | 'status' | 'cancel' | 'download';
  method: 'GET' | 'POST';
  pattern: RegExp;
  body: BodyKind;
}

/** An id in a path: the SDK's own rule (letters, digits, `_ . -`, up to 128), never `.` or `..`. */
const ID = '(?!\\.+(?:/|$))([\\w.-]{1,128})';
const route = (name: ProxyRoute['name'], method: ProxyRoute['method'], path: string, body: BodyKind = 'none'): ProxyRoute => ({
  name,
  method,
  pattern: new RegExp(`^${path.replaceAll(':id', ID)}$`),
  body,
});

/** Session create, chat, upload, credits, state, render submit, status, cancel, and the download that needs the token. */
export const PROXY_ROUTES: readonly ProxyRoute[] = [
  route('session', 'POST', 'api/tasks/me/with-session/nemo_agent', 'json'),
  route('chat', 'POST', 'run_sse', 'json'),
  route('upload', 'POST', 'api/upload-video/nemo_agent/me/:id', 'stream'),
  route('credits', 'GET', 'api/credits/balance/simple'),
  route('state', 'GET', 'api/state/nemo_agent/me/:id/latest'),
  route('render', 'POST', 'api/render/proxy/lambda', 'json'),
  route('status', 'GET', 'api/render/proxy/lambda/:id'),
  route('cancel', 'POST', 'api/render/proxy/lambda/:id/cancel'),
  route('download', 'GET', 'api/render/proxy/:id/download'),
];

/** The route `path` (under the prefix) names, with its id, for `method`; `method` undefined matches any (preflights). */
export function matchProxyRoute(method: string | undefined, path: string): { route: ProxyRoute; id: string | undefined } | undefined {
  for (const route of PROXY_ROUTES) {
    const match = route.pattern.exec(path);
    if (match && (method === undefined || method === route.method)) return { route, id: match[1] };
  }
  return undefined;
}
