import { traits, type Route } from '../backend.js';
import { codeFailure, HttpFailure, okA, readJsonBody } from '../http.js';

/** Client ids are UUIDs in practice; the service caps them at 64 characters. */
const MAX_CLIENT_ID = 64;
/** A claim link stays valid for 7 days. */
const CLAIM_TTL_S = 604_800;

/** ISO time without milliseconds, as the service writes `expires_at`. */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * `POST /api/auth/anonymous-token`: a token for the client id's user (created with 100 credits on first
 * sight; the same client id keeps its user and credits), valid 7 days on the emulator's clock.
 */
export const anonymousToken: Route = {
  ...traits(),
  auth: false,
  method: 'POST',
  pattern: /^\/api\/auth\/anonymous-token$/,
  family: 'A',
  async handle({ backend: { store, config }, request }) {
    const clientId = request.headers.get('x-client-id')?.trim();
    if (!clientId || clientId.length > MAX_CLIENT_ID) {
      throw new HttpFailure(400, 400, `The X-Client-Id header is required: a UUID of at most ${MAX_CLIENT_ID} characters.`);
    }
    const user = store.userForClient(clientId, config.credits);
    const grant = store.issueToken(user.id, config.clock.now() + config.tokenTtlMs);
    return okA({ token: grant.token, user_id: user.id, expires_at: isoSeconds(grant.expiresAt), credits: user.available });
  },
};

/** `POST /api/auth/claim-token`: a one-time claim token for one of the user's projects. */
export const claimToken: Route = {
  ...traits({ session: true }),
  auth: true,
  method: 'POST',
  pattern: /^\/api\/auth\/claim-token$/,
  family: 'A',
  async handle({ backend: { store }, request, user }) {
    const body = await readJsonBody(request);
    const session = store.session(body.session_id, user.id);
    if (!session || session.taskId !== body.task_id) throw codeFailure(1002, 'Session not found for this task.');
    return okA({ claim_token: `clm_${store.ids.hex(32)}`, expires_in: CLAIM_TTL_S });
  },
};
