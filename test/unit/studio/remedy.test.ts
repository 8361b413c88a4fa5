import { expect, test } from 'vitest';
import { APIConnectionError, APIError, AuthenticationError, ExportBlockedError, FileTooLargeError, InsufficientCreditsError, InvalidArgumentError, MissingClientIdError, RateLimitError, RenderFailedError, SessionNotFoundError, StreamError, UnsupportedFileTypeError } from '../../../src/index.js';
import { remedyFor } from '../../../src/studio/index.js';

test("one remedy per error code, with the spec's advice", () => {
  const cases: Array<[unknown, Record<string, unknown>]> = [
    [new InsufficientCreditsError({ code: 2001, userId: 'anon_42' }), { kind: 'no_credits', code: 2001, links: [{ label: 'Register', url: 'https://nemovideo.com/register?bind=anon_42' }] }],
    [new InsufficientCreditsError({ code: 2001, userId: 'usr_7' }), { kind: 'no_credits', links: [{ label: 'Top up', url: 'https://nemovideo.com' }] }],
    [new UnsupportedFileTypeError({ code: 4001 }), { kind: 'unsupported_file', code: 4001, acceptedFormats: expect.arrayContaining(['mp4', 'webp', 'aac']) }],
    [new FileTooLargeError({ code: 4002 }), { kind: 'file_too_large', code: 4002, message: expect.stringMatching(/compress it or trim it/) }],
    [new ExportBlockedError({ status: 402, code: 402 }), { kind: 'plan', code: 402, message: expect.stringMatching(/not credits/) }],
    [new RateLimitError(12, { status: 429, code: 429 }), { kind: 'rate_limited', retryAfter: 12, message: 'The service is busy. Wait 12 s and try again.' }],
    [new SessionNotFoundError({ code: 1002 }), { kind: 'session_lost', code: 1002 }],
    [new AuthenticationError({ code: 1001 }), { kind: 'auth', code: 1001, message: expect.stringMatching(/NEMO_TOKEN/) }],
    [new MissingClientIdError({ status: 400, code: 400, detail: 'bad header xyz' }), { kind: 'auth', message: 'The X-Client-Id header is missing: pass a clientId (a UUID kept per installation).' }],
    [new MissingClientIdError({ status: 400, code: 400 }, true), { kind: 'auth', message: 'The X-Client-Id header was refused, and a new one too: check that nothing on the way drops it.' }],
    [new StreamError('cut'), { kind: 'stalled', mayStillRun: true }],
    [new RenderFailedError('render_1', 'codec'), { kind: 'render_failed', message: expect.stringMatching(/^The render failed \(codec\)/) }],
    [new APIConnectionError('down'), { kind: 'offline' }],
    [new InvalidArgumentError('Nothing to export yet: the timeline is empty.'), { kind: 'invalid', message: 'Nothing to export yet: the timeline is empty.' }],
    [new APIError('x', { status: 503, code: 503, requestId: 'req_9' }), { kind: 'error', requestId: 'req_9', message: 'Something went wrong (HTTP 503, request req_9). Try again in a moment.' }],
    [new TypeError('boom'), { kind: 'error', message: 'Something went wrong. Try again in a moment.' }],
  ];
  for (const [error, expected] of cases) expect(remedyFor(error)).toMatchObject({ links: [], error, ...expected });
});

test("a remedy speaks for itself: it never repeats the server's own words (which may echo a token)", () => {
  const error = new APIError('The NemoVideo API returned an error.', { status: 500, detail: 'Upstream said: bad token xyz' });
  // Everything a remedy shows, links included (the error itself is for logs).
  const { error: _error, ...shown } = remedyFor(error);
  expect(JSON.stringify(shown)).not.toMatch(/Upstream|xyz/);
});
