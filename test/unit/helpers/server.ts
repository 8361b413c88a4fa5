import { setupServer } from 'msw/node';

/** One msw server for the unit suite; each test adds its own handlers with `server.use`. */
export const server = setupServer();

/** The base URL unit tests point the client at (msw intercepts it; nothing is sent). */
export const BASE = 'https://api.test';
