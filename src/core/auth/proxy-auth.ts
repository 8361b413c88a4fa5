import type { AuthStrategy } from './strategy.js';

/**
 * For a page whose `baseURL` is your own server's proxy (`createProxy` of `nemo-video/server`): the server holds
 * the token, so the page sends none and never asks for an anonymous one. The proxy's own refusals come back
 * as typed errors (a 401 from its `authorize` as AuthenticationError, a 403 as PermissionDeniedError).
 *
 * @example
 * ```ts
 * const nv = new NemoVideo({ baseURL: `${location.origin}/api/nemo`, authStrategy: proxyAuth() });
 * ```
 */
export function proxyAuth(): AuthStrategy {
  return { kind: 'proxy', token: async () => undefined };
}
