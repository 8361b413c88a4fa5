import { http, HttpResponse } from 'msw';
import { onTestFinished, vi } from 'vitest';
import { NemoVideo, type ClientOptions } from '../../../src/index.js';
import { ok } from './client.js';
import { BASE, server } from './server.js';

/** One request to POST /api/auth/anonymous-token, as the server saw it. */
export interface TokenRequest {
  clientId: string | null;
  authorization: string | null;
}

/** A week from now, as the service states expiries. */
export const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600_000).toISOString();

/**
 * Serves the anonymous-token endpoint, issuing `nmv_usr_anon1`, `nmv_usr_anon2`, … to users `anon_1`, `anon_2`, …
 * (one per request), and records every request so a test can count them and read their headers.
 */
export function serveAnonymousTokens(): TokenRequest[] {
  const seen: TokenRequest[] = [];
  server.use(
    http.post(`${BASE}/api/auth/anonymous-token`, ({ request }) => {
      seen.push({ clientId: request.headers.get('x-client-id'), authorization: request.headers.get('authorization') });
      const n = seen.length;
      return HttpResponse.json(ok({ token: `nmv_usr_anon${n}`, user_id: `anon_${n}`, expires_at: inAWeek(), credits: 100 }));
    }),
  );
  return seen;
}

/** A client with no token anywhere (NEMO_TOKEN blanked for this test), so it falls back to anonymous tokens. */
export function anonymousClient(options: ClientOptions = {}): NemoVideo {
  vi.stubEnv('NEMO_TOKEN', '');
  onTestFinished(() => void vi.unstubAllEnvs());
  return new NemoVideo({ baseURL: BASE, maxRetries: 0, ...options });
}
