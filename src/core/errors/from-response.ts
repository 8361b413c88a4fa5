import {
  APIError,
  type APIErrorInit,
  AuthenticationError,
  ExportBlockedError,
  FileTooLargeError,
  InsufficientCreditsError,
  MissingClientIdError,
  PermissionDeniedError,
  RateLimitError,
  SessionNotFoundError,
  UnsupportedFileTypeError,
} from './api.js';
import { DEFAULT_RETRY_AFTER_S } from '../recovery.js';

/** Codes the service uses for a bad or expired token (1001 is documented; 1010 and 1011 were seen). */
const AUTH_CODES = [1001, 1010, 1011];

/** Everything known about a failed response, gathered by the transport. */
export interface FailedResponse extends APIErrorInit {
  /** The anonymous user's id, for the registration link on 2001. */
  userId?: string | undefined;
  /** The request's path, to tell a 400 of the anonymous-token call from others. */
  path?: string | undefined;
}

/**
 * Picks the error class for a failure. The envelope's `code` wins over the HTTP status, because the
 * service may send an error code inside an HTTP 200.
 */
export function errorFromResponse(failure: FailedResponse): APIError {
  const { code, status, detail = '' } = failure;
  const is = (n: number) => code === n || status === n;
  if (AUTH_CODES.includes(code!) || status === 401) return new AuthenticationError(failure);
  if (code === 1002 || (status === 404 && /session/i.test(detail))) return new SessionNotFoundError(failure);
  if (code === 2001) return new InsufficientCreditsError(failure);
  if (code === 4001) return new UnsupportedFileTypeError(failure);
  if (code === 4002 || status === 413) return new FileTooLargeError(failure);
  if (is(400) && /client.?id|anonymous-token/i.test(detail + failure.path)) return new MissingClientIdError(failure);
  if (is(402)) return new ExportBlockedError(failure);
  if (is(403)) return new PermissionDeniedError(failure);
  if (is(429)) return new RateLimitError(failure.retryAfter ?? DEFAULT_RETRY_AFTER_S, failure);
  const what = [status && `HTTP ${status}`, code !== undefined && code !== status && `code ${code}`].filter(Boolean).join(', ');
  return new APIError(`The NemoVideo API returned an error (${what || 'no detail'}).`, failure);
}
