import { NemoVideo, type ClientOptions } from '../../../src/index.js';
import { BASE } from './server.js';

/** A client against the msw base URL with a fixed token; options override. */
export function client(options: ClientOptions = {}): NemoVideo {
  return new NemoVideo({ baseURL: BASE, token: 'nmv_usr_testtoken', maxRetries: 0, ...options });
}

/** Envelope A, as most endpoints answer. */
export const ok = (data: unknown) => ({ code: 0, message: 'success', data });
