import { traits, type Route } from '../backend.js';
import { okA } from '../http.js';

/** `GET /api/credits/balance/simple`: available, frozen (held by runs in progress) and their total. */
export const creditBalance: Route = {
  ...traits(),
  auth: true,
  method: 'GET',
  pattern: /^\/api\/credits\/balance\/simple$/,
  family: 'A',
  async handle({ user }) {
    return okA({ available: user.available, frozen: user.frozen, total: user.available + user.frozen });
  },
};
