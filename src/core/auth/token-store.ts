/**
 * What a token store keeps: the installation's client id and the anonymous token issued to it.
 *
 * @example
 * ```ts
 * const saved: Credentials = { clientId: crypto.randomUUID() }; // a token is acquired for it on first use
 * await store.set(saved);
 * ```
 */
export interface Credentials {
  /** `X-Client-Id`: stable per installation, so renewing keeps the same anonymous identity. */
  clientId: string;
  /** The anonymous token issued to `clientId`; absent until one is acquired. */
  token?: string | undefined;
  /** The anonymous user's id (`anon_…`), when the service sent one. */
  userId?: string | undefined;
  /** ISO time after which the token is no longer valid. */
  expiresAt?: string | undefined;
}

/**
 * Where anonymous credentials live between calls (and between runs, for persistent stores).
 *
 * @example
 * ```ts
 * const store: TokenStore = { get: () => db.read(), set: (c) => db.write(c), clear: () => db.delete() };
 * ```
 */
export interface TokenStore {
  /** The saved credentials, or undefined when there are none (or they cannot be read): a new token is then acquired. */
  get(): Credentials | undefined | Promise<Credentials | undefined>;
  /** Saves `credentials`, replacing what was there. Called after every acquisition or renewal. */
  set(credentials: Credentials): void | Promise<void>;
  /** Forgets the credentials. The client never calls it: call it to start over with a new anonymous identity. */
  clear(): void | Promise<void>;
}

/**
 * Keeps credentials in memory for the life of the process (the default).
 *
 * @example
 * ```ts
 * new NemoVideo({ tokenStore: memoryTokenStore() });
 * ```
 */
export function memoryTokenStore(): TokenStore {
  let saved: Credentials | undefined;
  return {
    get: () => saved,
    set: (credentials) => void (saved = credentials),
    clear: () => void (saved = undefined),
  };
}

/**
 * Keeps credentials in the browser's `localStorage` under `key`, so a page reload keeps its anonymous token.
 *
 * @example
 * ```ts
 * new NemoVideo({ tokenStore: localStorageTokenStore() });
 * ```
 */
export function localStorageTokenStore(key = 'nemo-video:credentials'): TokenStore {
  return {
    get() {
      try {
        return JSON.parse(localStorage.getItem(key) ?? 'null') ?? undefined;
      } catch {
        return undefined; // a corrupt entry is as good as none: a new token is acquired
      }
    },
    set: (credentials) => localStorage.setItem(key, JSON.stringify(credentials)),
    clear: () => localStorage.removeItem(key),
  };
}
