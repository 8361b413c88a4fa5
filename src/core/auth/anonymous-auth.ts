import { MissingClientIdError } from '../errors/api.js';
import { RECOVERY_LIMITS } from '../recovery.js';
import { sharedCall } from '../shared-call.js';
import type { AuthStrategy } from './strategy.js';
import type { Credentials, TokenStore } from './token-store.js';

/**
 * What acquiring an anonymous token yields.
 *
 * @example
 * ```ts
 * const acquire = async (clientId: string): Promise<AnonymousGrant> => {
 *   const { token, userId, expiresAt } = await nv.auth.anonymousToken({ clientId });
 *   return { token, userId, expiresAt };
 * };
 * ```
 */
export interface AnonymousGrant {
  /** The Bearer token to send. */
  token: string;
  /** The anonymous user's id (`anon_…`), used for the registration link when credits run out. */
  userId?: string | undefined;
  /** ISO time the token expires (it is renewed 60 s before); without it, it is used until the server rejects it. */
  expiresAt?: string | undefined;
}

/**
 * Options of {@link anonymousAuth}.
 *
 * @example
 * ```ts
 * anonymousAuth({ store: localStorageTokenStore(), acquire: (clientId, signal) => nv.auth.anonymousToken({ clientId }, { signal }) });
 * ```
 */
export interface AnonymousAuthOptions {
  /** Asks the service for a token for `clientId` (the client wires `nv.auth.anonymousToken`). */
  acquire(clientId: string, signal?: AbortSignal): Promise<AnonymousGrant>;
  /** Where the client id and token are kept: read once on first use, written after every acquisition. */
  store: TokenStore;
  /**
   * Fixed `X-Client-Id`.
   * @default the stored one, else a new UUID (then stored)
   */
  clientId?: string | undefined;
}

/** Renew a little before the stated expiry, so a token does not lapse between check and use. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Free anonymous tokens (100 credits, 7 days), acquired on first use and renewed with the same client id
 * when they expire or the server rejects them. Concurrent callers share one acquisition.
 *
 * @example
 * ```ts
 * const auth = anonymousAuth({ store: memoryTokenStore(), acquire: (id) => nv.auth.anonymousToken({ clientId: id }) });
 * ```
 */
export function anonymousAuth(options: AnonymousAuthOptions): AuthStrategy {
  let current: Credentials | undefined;

  const usable = (c: Credentials | undefined): c is Credentials & { token: string } =>
    !!c?.token && !(c.expiresAt && Date.parse(c.expiresAt) - EXPIRY_MARGIN_MS < Date.now());

  const refresh = sharedCall(async (signal) => {
    let clientId = options.clientId ?? current?.clientId ?? crypto.randomUUID();
    let grant: AnonymousGrant;
    // RECOVERY.missingClientId: a refused id is replaced by a new one, once; a fixed `clientId` never is.
    for (let renewals = options.clientId ? 0 : RECOVERY_LIMITS.missingClientId; ; renewals--) {
      try {
        grant = await options.acquire(clientId, signal);
        break;
      } catch (error) {
        if (!(error instanceof MissingClientIdError)) throw error;
        // Refused after a replacement: say so, or the message would advise what was just tried.
        if (renewals <= 0) throw options.clientId ? error : new MissingClientIdError(error, true);
        clientId = crypto.randomUUID();
      }
    }
    const next = { clientId, ...grant };
    await options.store.set(next);
    return (current = next);
  });

  return {
    kind: 'anonymous',
    async token(signal) {
      if (!current) {
        // Read into a local first: a slow store must not overwrite a token another call fetched meanwhile.
        const stored = await options.store.get();
        current ??= stored;
      }
      if (usable(current) && (!options.clientId || current.clientId === options.clientId)) return current.token;
      return (await refresh(signal)).token!;
    },
    async renew(rejected, signal) {
      // Another call may have renewed already; only the first one asks the server.
      if (current?.token === rejected) await refresh(signal);
      return true;
    },
    userId: () => current?.userId,
  };
}
