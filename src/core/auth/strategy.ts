/**
 * How the client gets the Bearer token it sends. Interchangeable: pass your own as `auth` to `NemoVideo`.
 *
 * @example
 * ```ts
 * const vault: AuthStrategy = { kind: 'vault', token: async () => fetchTokenFromVault() };
 * new NemoVideo({ authStrategy: vault });
 * ```
 */
export interface AuthStrategy {
  /** A name for logs and `console.log(client)`; never the token. */
  readonly kind: string;
  /**
   * The token to send. Called before every request, so cache inside. Undefined sends no `Authorization`
   * header (`proxyAuth`: a server in between adds its own).
   */
  token(signal?: AbortSignal): Promise<string | undefined>;
  /**
   * The server rejected `rejected` (code 1001). Resolve true when a new token is ready and the call should be
   * retried once; false to surface the AuthenticationError.
   */
  renew?(rejected: string, signal?: AbortSignal): Promise<boolean>;
  /** The user id behind the token, when known (used for the registration link on 2001). */
  userId?(): string | undefined;
}
