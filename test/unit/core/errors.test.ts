// Every failure the service can send maps to one error class with the fields a caller needs; all of
// them are NemoVideoErrors carrying status, code and the server's request id.
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  ACCEPTED_FORMATS,
  APIError,
  AuthenticationError,
  ExportBlockedError,
  FileTooLargeError,
  InsufficientCreditsError,
  MAX_UPLOAD_BYTES,
  MissingClientIdError,
  NemoVideoError,
  PermissionDeniedError,
  RateLimitError,
  SessionNotFoundError,
  UnsupportedFileTypeError,
  type ClientOptions,
} from '../../../src/index.js';
import { anonymousClient, serveAnonymousTokens } from '../helpers/anonymous.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf, settle } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

const BALANCE = `${BASE}/api/credits/balance/simple`;

afterEach(() => void vi.useRealTimers());

/** Makes GET balance fail as described, calls it once (no 429 wait), and returns the error. */
async function failure(status: number, body: unknown, headers: Record<string, string> = {}, options: ClientOptions = {}) {
  server.use(http.get(BALANCE, () => HttpResponse.json(body as never, { status, headers })));
  const error = await rejectionOf(client({ retryRateLimit: false, ...options }).credits.balance());
  expect(error).toBeInstanceOf(NemoVideoError);
  expect(error).toBeInstanceOf(APIError);
  expect(error.name).toBe(error.constructor.name);
  return error;
}

describe('authentication', () => {
  test.each([1001, 1010, 1011])('code %i is AuthenticationError with status, code and request id', async (code) => {
    const error = await failure(200, { code, message: 'token invalid' }, { 'x-request-id': `req-${code}` });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 200, code, requestId: `req-${code}` });
  });

  test('HTTP 401 without a code is AuthenticationError', async () => {
    const error = await failure(401, { message: 'Unauthorized' });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 401 });
  });
});

test('1002 is SessionNotFoundError', async () => {
  const error = await failure(200, { code: 1002, message: 'session not found' }, { 'x-request-id': 'req-s' });
  expect(error).toBeInstanceOf(SessionNotFoundError);
  expect(error).toMatchObject({ status: 200, code: 1002, requestId: 'req-s' });
  expect(error.message).toMatch(/sessions\.create/);
});

describe('out of credits (2001)', () => {
  test('for an anonymous user, registrationUrl binds the work to the new account', async () => {
    const tokens = serveAnonymousTokens();
    server.use(http.get(BALANCE, () => HttpResponse.json({ code: 2001, message: 'insufficient credits' })));
    const error = await rejectionOf(anonymousClient().credits.balance());
    expect(tokens).toHaveLength(1);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error.registrationUrl).toBe('https://nemovideo.com/register?bind=anon_1');
    expect(error.message).toContain('https://nemovideo.com/register?bind=anon_1');
    expect(error).toMatchObject({ status: 200, code: 2001 });
  });

  test('with a plain token there is no registration link', async () => {
    const error = await failure(200, { code: 2001, message: 'insufficient credits' });
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error.registrationUrl).toBeUndefined();
    expect(error.message).not.toMatch(/register/);
  });

  test('a registered (non-anon_) user id gets no registration link', async () => {
    const authStrategy = { kind: 'custom', token: async () => 'nmv_usr_custom', userId: () => 'user_123' };
    const error = await failure(200, { code: 2001 }, {}, { authStrategy });
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error.registrationUrl).toBeUndefined();
  });

  test('a custom strategy that knows an anonymous user id gets the link too', async () => {
    const authStrategy = { kind: 'custom', token: async () => 'nmv_usr_custom', userId: () => 'anon_xyz' };
    const error = await failure(200, { code: 2001 }, {}, { authStrategy });
    expect(error.registrationUrl).toBe('https://nemovideo.com/register?bind=anon_xyz');
  });
});

test('4001 is UnsupportedFileTypeError listing the accepted formats', async () => {
  const error = await failure(400, { code: 4001, message: 'unsupported file type' });
  expect(error).toBeInstanceOf(UnsupportedFileTypeError);
  expect(error).toMatchObject({ status: 400, code: 4001 });
  expect(error.acceptedFormats).toEqual(expect.arrayContaining(['mp4', 'mov', 'jpg', 'png', 'mp3', 'wav']));
  expect(error.acceptedFormats).toEqual(Object.values(ACCEPTED_FORMATS).flat());
});

test('4002 is FileTooLargeError with the 200 MB limit', async () => {
  const error = await failure(400, { code: 4002, message: 'file too large' });
  expect(error).toBeInstanceOf(FileTooLargeError);
  expect(error).toMatchObject({ status: 400, code: 4002 });
  expect(error.limitBytes).toBe(200 * 1024 * 1024);
  expect(error.limitBytes).toBe(MAX_UPLOAD_BYTES);
});

describe('missing client id (HTTP 400 on anonymous-token)', () => {
  test('calling anonymousToken directly', async () => {
    server.use(http.post(`${BASE}/api/auth/anonymous-token`, () => HttpResponse.json({ message: 'X-Client-Id required' }, { status: 400 })));
    const error = await rejectionOf(client().auth.anonymousToken({ clientId: 'c-1' }));
    expect(error).toBeInstanceOf(MissingClientIdError);
    expect(error).toMatchObject({ status: 400, code: 400 });
  });

  test('the lazy acquisition behind a first call surfaces it, even with an empty 400 body', async () => {
    server.use(http.post(`${BASE}/api/auth/anonymous-token`, () => new HttpResponse(null, { status: 400 })));
    const error = await rejectionOf(anonymousClient().credits.balance());
    expect(error).toBeInstanceOf(MissingClientIdError);
    expect(error.status).toBe(400);
  });

  test('a 400 from any other endpoint is a plain APIError', async () => {
    const error = await failure(400, { message: 'bad request' });
    expect(error.constructor).toBe(APIError);
    expect(error).toMatchObject({ status: 400, code: 400 });
  });
});

test('HTTP 402 is ExportBlockedError, about the plan and not credits', async () => {
  const error = await failure(402, { message: 'Payment Required' }, { 'x-request-id': 'req-402' });
  expect(error).toBeInstanceOf(ExportBlockedError);
  expect(error).not.toBeInstanceOf(InsufficientCreditsError);
  expect(error).toMatchObject({ status: 402, code: 402, requestId: 'req-402' });
  expect(error.message).toMatch(/plan/);
  expect(error.message).not.toMatch(/out of credits|top up/i);
});

test('HTTP 403 (or code 403 inside a 200) is PermissionDeniedError, with the server’s reason', async () => {
  const error = await failure(403, { code: 403, message: 'Session 1 belongs to another user.' }, { 'x-request-id': 'req-403' });
  expect(error).toBeInstanceOf(PermissionDeniedError);
  expect(error).toMatchObject({ status: 403, code: 403, requestId: 'req-403' });
  expect(error.message).toMatch(/refused \(403\).*\(server: Session 1 belongs to another user\.\)/);
  expect(await failure(200, { code: 403, message: 'no' })).toBeInstanceOf(PermissionDeniedError);
});

describe('rate limit (429)', () => {
  test('retryAfter comes from a Retry-After in seconds', async () => {
    const error = await failure(429, { message: 'slow down' }, { 'Retry-After': '7' });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 429, retryAfter: 7 });
  });

  test('retryAfter comes from a Retry-After HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-11T12:00:00Z'));
    const error = await failure(429, {}, { 'Retry-After': 'Wed, 11 Mar 2026 12:02:00 GMT' });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(120);
  });

  test('retryAfter is 30 s when the server gives none (or an unreadable one)', async () => {
    expect((await failure(429, {})).retryAfter).toBe(30);
    expect((await failure(429, {}, { 'Retry-After': 'soon' })).retryAfter).toBe(30);
  });
});

describe('the code decides the class when both are present (found by fuzz.test.ts)', () => {
  test.each([
    [2001, 401, InsufficientCreditsError],
    [1002, 401, SessionNotFoundError],
    [4002, 401, FileTooLargeError],
    [4001, 413, UnsupportedFileTypeError],
    [2001, 404, InsufficientCreditsError],
    [429, 402, RateLimitError],
    [403, 402, PermissionDeniedError],
    [1001, 429, AuthenticationError],
  ])('code %i in an HTTP %i is the class of the code', async (code, status, expected) => {
    const error = await failure(status, { code, message: 'session gone' }, { 'retry-after': '1' }, { renewToken: false });
    expect(error).toBeInstanceOf(expected);
    expect(error).toMatchObject({ status, code });
  });

  test('a code with no class of its own leaves the class to the HTTP status', async () => {
    expect(await failure(401, { code: 5000, message: 'x' }, {}, { renewToken: false })).toBeInstanceOf(AuthenticationError);
    expect(await failure(402, { code: 5000, message: 'x' })).toBeInstanceOf(ExportBlockedError);
  });
});

test('a 500 that outlasts the retries is a plain APIError with status, code and request id', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let requests = 0;
  server.use(
    http.get(BALANCE, () => {
      requests++;
      return HttpResponse.json({ code: 5000, message: 'internal error' }, { status: 500, headers: { 'x-request-id': 'req-500' } });
    }),
  );
  const error = await rejectionOf(settle(client({ maxRetries: 2 }).credits.balance()));
  expect(requests).toBe(3);
  expect(error.constructor).toBe(APIError);
  expect(error).toBeInstanceOf(NemoVideoError);
  expect(error).toMatchObject({ status: 500, code: 5000, requestId: 'req-500' });
  expect(error.message).toContain('internal error');
});

test('no request id is invented when the server sends none', async () => {
  const error = await failure(500, { message: 'boom' });
  expect(error.requestId).toBeUndefined();
});
