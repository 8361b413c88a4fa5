/**
 * `nemo-video/server`: your web app's server between its pages and the NemoVideo API. The token stays on the
 * server; the page's client (`new NemoVideo({ baseURL: '<origin>/api/nemo', authStrategy: proxyAuth() })`)
 * sends none. Fetch-standard, so the same proxy runs in Node, Bun, Deno, Workers and Next.js route handlers;
 * `toNodeHandler` adapts it to node:http, Express and Fastify. See docs/web-apps.md.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createProxy, toNodeHandler } from 'nemo-video/server';
 *
 * const proxy = createProxy({ authorize: async (request) => userIdFromCookie(request) });
 * createServer(toNodeHandler(proxy)).listen(3000);
 * ```
 *
 * @module
 */
export { createProxy, type ProxyOptions, type ProxyHandler } from './proxy.js';
export { toNodeHandler, type NodeContext, type NodeRequestLike, type NodeResponseLike } from './node-handler.js';
export { memorySessionStore, type SessionStore } from './session-store.js';
export type { AllowedOrigins } from './cors.js';
