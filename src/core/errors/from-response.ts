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
 * service may send an error code inside an HTTP 200 (or with an unrelated status): the status decides only
 * when the code names no class.
 */
export function errorFromResponse(failure: FailedResponse): APIError {
  const { code, status } = failure;
  const error = (code !== undefined && byNumber(code, failure)) || (status !== undefined && byNumber(status, failure));
  if (error) return error;
  const what = [status && `HTTP ${status}`, code !== undefined && code !== status && `code ${code}`].filter(Boolean).join(', ');
  return new APIError(`The NemoVideo API returned an error (${what || 'no detail'}).`, failure);
}

/** The class a code or an HTTP status names (they never overlap), if any. */
function byNumber(n: number, failure: FailedResponse): APIError | undefined {
  const detail = failure.detail ?? '';
  if (AUTH_CODES.includes(n) || n === 401) return new AuthenticationError(failure);
  if (n === 1002 || (n === 404 && /session/i.test(detail))) return new SessionNotFoundError(failure);
  if (n === 2001) return new InsufficientCreditsError(failure);
  if (n === 4001) return new UnsupportedFileTypeError(failure);
  if (n === 4002 || n === 413) return new FileTooLargeError(failure);
  if (n === 400 && /client.?id|anonymous-token/i.test(detail + failure.path)) return new MissingClientIdError(failure);
  if (n === 402) return new ExportBlockedError(failure);
  if (n === 403) return new PermissionDeniedError(failure);
  if (n === 429) return new RateLimitError(failure.retryAfter ?? DEFAULT_RETRY_AFTER_S, failure);
  return undefined;
}
