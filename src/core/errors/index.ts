export { redact, NemoVideoError, isNemoVideoError, InvalidArgumentError, ResponseValidationError, StreamError, RenderFailedError } from './base.js';
export { APIConnectionError, APITimeoutError } from './connection.js';
export {
  APIError,
  type APIErrorInit,
  AuthenticationError,
  SessionNotFoundError,
  InsufficientCreditsError,
  UnsupportedFileTypeError,
  FileTooLargeError,
  MissingClientIdError,
  ExportBlockedError,
  PermissionDeniedError,
  RateLimitError,
} from './api.js';
