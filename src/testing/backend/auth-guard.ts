import type { Backend } from './backend.js';
import { HttpFailure, tokenExpired } from './http.js';
import type { User } from './state.js';

const SKILL_HEADERS = ['x-skill-source', 'x-skill-version', 'x-skill-platform'] as const;

/** The user behind the request's bearer token; a missing, unknown or expired token is code 1001 (HTTP 401). */
export function authenticate(request: Request, { store, config }: Backend): User {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token) throw new HttpFailure(401, 1001, 'Missing token: send Authorization: Bearer <token>.');
  const grant = store.tokens.get(token);
  const user = grant && store.users.get(grant.userId);
  if (!grant || !user) throw new HttpFailure(401, 1001, 'Invalid token.');
  if (grant.expiresAt <= config.clock.now()) throw tokenExpired();
  return user;
}

/** Whether the three `X-Skill-*` attribution headers are all there (exports are refused with 402 without them). */
export const hasSkillHeaders = (request: Request): boolean => SKILL_HEADERS.every((name) => !!request.headers.get(name)?.trim());
