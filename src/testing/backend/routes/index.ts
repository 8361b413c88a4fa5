import type { Route } from '../backend.js';
import { anonymousToken, claimToken } from './auth.js';
import { runSse } from './chat.js';
import { creditBalance } from './credits.js';
import { files } from './files.js';
import { cancelRender, createRender, downloadRender, renderStatusRoute } from './renders.js';
import { createSession } from './sessions.js';
import { sessionState } from './state.js';
import { upload } from './uploads.js';

/** Every endpoint of wire.md, plus the emulator's file server. Order matters only where patterns overlap. */
export const ROUTES: readonly Route[] = [
  anonymousToken,
  claimToken,
  createSession,
  runSse,
  upload,
  creditBalance,
  sessionState,
  createRender,
  cancelRender,
  renderStatusRoute,
  downloadRender,
  files,
];

/** The route for a request, with its path parameters; or the methods the path allows, if any. */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } {
  const allowed: string[] = [];
  // HEAD is answered by the GET route, without a body.
  const wanted = method === 'HEAD' ? 'GET' : method;
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method === wanted) return { route, params: decodeParams(match.groups) };
    allowed.push(route.method);
  }
  return { allowed };
}

function decodeParams(groups: Record<string, string> | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(groups ?? {})) {
    try {
      params[key] = decodeURIComponent(value);
    } catch {
      params[key] = value;
    }
  }
  return params;
}
