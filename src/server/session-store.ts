/**
 * What the proxy records: which of your app's users created each session and render through it. Calls that
 * name a session or render are forwarded only for its owner.
 *
 * @example
 * ```ts
 * // Redis, so that every instance of the server knows every session, across restarts.
 * const sessionStore: SessionStore = {
 *   get: async (kind, id) => (await redis.get(`nemo:${kind}:${id}`)) ?? undefined,
 *   set: async (kind, id, userId) => void (await redis.set(`nemo:${kind}:${id}`, userId, { EX: 30 * 86_400 })),
 * };
 * createProxy({ authorize, sessionStore });
 * ```
 */
export interface SessionStore {
  /** The user who created session or render `id` through the proxy, or undefined when it never saw it created. */
  get(kind: 'session' | 'render', id: string): string | undefined | Promise<string | undefined>;
  /** Records that `userId` created `id` (called after the service confirmed it). */
  set(kind: 'session' | 'render', id: string, userId: string): void | Promise<void>;
}

/**
 * Keeps owners in this process's memory (the default): lost on restart and not shared between instances, so
 * a server with more than one instance, or users who come back days later, wants a store of its own (Redis,
 * a database table). Past `maxEntries`, the entries used least recently are forgotten, and their sessions
 * refused.
 *
 * @example
 * ```ts
 * createProxy({ authorize, sessionStore: memorySessionStore({ maxEntries: 10_000 }) });
 * ```
 */
export function memorySessionStore({
  maxEntries = 100_000,
}: {
  /**
   * How many sessions and renders it remembers.
   * @default 100000
   */
  maxEntries?: number | undefined;
} = {}): SessionStore {
  const owners = new Map<string, string>();
  return {
    get(kind, id) {
      const key = `${kind}:${id}`;
      const owner = owners.get(key);
      if (owner !== undefined) {
        // Used again: now the most recent (a Map keeps insertion order).
        owners.delete(key);
        owners.set(key, owner);
      }
      return owner;
    },
    set(kind, id, userId) {
      const key = `${kind}:${id}`;
      owners.delete(key);
      owners.set(key, userId);
      for (const oldest of owners.keys()) {
        if (owners.size <= maxEntries) break;
        owners.delete(oldest);
      }
    },
  };
}
