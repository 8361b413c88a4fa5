// Both response envelopes come off, and an error is an error whether it arrives as a non-zero code in an
// HTTP 200, a non-zero code with a 4xx, `success: false`, or an ADK-style `{detail}` / `{error}` body.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import {
  APIError,
  InsufficientCreditsError,
  SessionNotFoundError,
  UnsupportedFileTypeError,
} from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

const BALANCE = `${BASE}/api/credits/balance/simple`;
const answer = (body: unknown, status = 200) => server.use(http.get(BALANCE, () => HttpResponse.json(body as never, { status })));

describe('successful envelopes', () => {
  test('envelope A {code: 0, message, data} yields the data', async () => {
    answer({ code: 0, message: 'success', data: { available: 7, frozen: 3, total: 10 } });
    await expect(client().credits.balance()).resolves.toEqual({ available: 7, frozen: 3, total: 10 });
  });

  test('envelope B {success: true, data} yields the data', async () => {
    answer({ success: true, data: { available: 7, frozen: 3, total: 10 } });
    await expect(client().credits.balance()).resolves.toEqual({ available: 7, frozen: 3, total: 10 });
  });

  test('a code sent as the string "0" is success too', async () => {
    answer({ code: '0', message: 'success', data: { available: 7, frozen: 3, total: 10 } });
    await expect(client().credits.balance()).resolves.toEqual({ available: 7, frozen: 3, total: 10 });
  });
});

describe('error envelopes', () => {
  test('a non-zero code inside an HTTP 200 is an error of the class for that code', async () => {
    answer({ code: 2001, message: 'insufficient credits', data: null });
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error).toMatchObject({ status: 200, code: 2001 });
  });

  test('a non-zero code with an HTTP 4xx is mapped by the code, not the status', async () => {
    answer({ code: 4001, message: 'unsupported file type' }, 400);
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(UnsupportedFileTypeError);
    expect(error).toMatchObject({ status: 400, code: 4001 });
  });

  test('1002 with an HTTP 404 is SessionNotFoundError', async () => {
    answer({ code: 1002, message: 'session not found' }, 404);
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 1002 });
  });

  test('a numeric-string code ("2001") is read as the number', async () => {
    answer({ code: '2001', message: 'insufficient credits' });
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error.code).toBe(2001);
  });

  test('{success: false, error} in an HTTP 200 is an APIError carrying the server message', async () => {
    answer({ success: false, error: 'Render queue is full' });
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('Render queue is full');
  });

  test('{success: false, error} with an HTTP 4xx keeps the status', async () => {
    answer({ success: false, error: 'Bad draft' }, 422);
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 422, code: 422 });
    expect(error.message).toContain('Bad draft');
  });

  test('an ADK Python {"detail": "Session not found: …"} 404 is SessionNotFoundError', async () => {
    answer({ detail: 'Session not found: 5529798706024415232' }, 404);
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect(error).toMatchObject({ status: 404 });
    expect(error.message).toContain('Session not found: 5529798706024415232');
  });

  test('an ADK JS {"error": "Session not found: …"} 404 is SessionNotFoundError', async () => {
    answer({ error: 'Session not found: 5529798706024415232' }, 404);
    expect(await rejectionOf(client().credits.balance())).toBeInstanceOf(SessionNotFoundError);
  });

  test('a structured {"detail": [...]} (FastAPI validation) is an APIError that quotes it', async () => {
    answer({ detail: [{ loc: ['body', 'session_id'], msg: 'field required' }] }, 422);
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(422);
    expect(error.message).toContain('field required');
  });

  test('a body that is only {"detail"} is an error even with HTTP 200', async () => {
    answer({ detail: 'Internal agent failure' });
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toContain('Internal agent failure');
  });
});
