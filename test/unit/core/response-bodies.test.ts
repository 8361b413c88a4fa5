// Whatever the body looks like, a call ends in data or in a typed error: never a raw SyntaxError or
// TypeError, and a ResponseValidationError always says which field and what was expected there.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { APIError, NemoVideoError, ResponseValidationError } from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

const BALANCE = `${BASE}/api/credits/balance/simple`;
/** Serves `text` verbatim as a JSON response, so it can be anything (cut, malformed, empty). */
const serveRaw = (url: string, text: string, status = 200) =>
  server.use(http.all(url, () => new HttpResponse(text, { status, headers: { 'Content-Type': 'application/json' } })));

async function validationError(promise: Promise<unknown>): Promise<ResponseValidationError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ResponseValidationError);
  expect(error).toBeInstanceOf(NemoVideoError);
  return error;
}

describe('unreadable bodies', () => {
  test.each([
    ['malformed JSON', '{"code":0,"data":{available:1}}'],
    ['truncated JSON', '{"code":0,"message":"success","data":{"available":25000,"fro'],
    ['an HTML page', '<html><body>Bad gateway</body></html>'],
    ['an empty body', ''],
  ])('%s is a ResponseValidationError about the body', async (_, text) => {
    serveRaw(BALANCE, text);
    const error = await validationError(client().credits.balance());
    expect(error.path).toBe('body');
    expect(error.expected).toBe('JSON');
  });

  test('an unreadable body on an HTTP error still surfaces the HTTP error', async () => {
    serveRaw(BALANCE, '<html>502 Bad Gateway</html>', 502);
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 502, code: 502 });
  });
});

describe('bodies of the wrong shape', () => {
  test.each([
    ['an array', '[1,2,3]'],
    ['a string', '"ok"'],
    ['a number', '42'],
    ['null', 'null'],
    ['an envelope without data', '{"code":0,"message":"success"}'],
    ['an envelope whose data is a string', '{"code":0,"message":"success","data":"25000"}'],
  ])('%s is a ResponseValidationError at data, expecting an object', async (_, text) => {
    serveRaw(BALANCE, text);
    const error = await validationError(client().credits.balance());
    expect(error.path).toBe('data');
    expect(error.expected).toBe('object');
    expect(error.message).toContain('data');
  });

  test('a field of the wrong kind names the field and a number as expected', async () => {
    server.use(http.get(BALANCE, () => HttpResponse.json(ok({ available: 'lots', frozen: 0 }))));
    const error = await validationError(client().credits.balance());
    expect(error.path).toBe('data.available');
    expect(error.expected).toMatch(/number/);
    expect(error.message).toContain('data.available');
  });

  test('a field of the wrong JSON type (boolean) also says what was expected, not just "invalid"', async () => {
    server.use(http.get(BALANCE, () => HttpResponse.json(ok({ available: true, frozen: 0 }))));
    const error = await validationError(client().credits.balance());
    expect(error.path).toBe('data.available');
    expect(error.expected).toMatch(/number/);
  });

  test('a missing required field names it', async () => {
    server.use(http.get(BALANCE, () => HttpResponse.json(ok({ frozen: 0 }))));
    const error = await validationError(client().credits.balance());
    expect(error.path).toBe('data.available');
    expect(error.expected).toMatch(/number/);
  });
});

describe('tolerance', () => {
  test('unknown fields, in the data or the envelope, never fail a call', async () => {
    server.use(
      http.get(BALANCE, () =>
        HttpResponse.json({
          code: 0,
          message: 'success',
          trace_id: 'abc',
          data: { available: 5, frozen: 1, total: 6, currency: 'credits', breakdown: { promo: 5 } },
        }),
      ),
    );
    await expect(client().credits.balance()).resolves.toMatchObject({ available: 5, frozen: 1, total: 6 });
  });

  test('a 19-digit session_id sent as a bare JSON number stays exact, as a string', async () => {
    // 5529798706024415232 is not a double: JSON.parse alone would turn it into 5529798706024415000.
    serveRaw(
      `${BASE}/api/tasks/me/with-session/nemo_agent`,
      '{"code":0,"message":"success","data":{"task_id":"task_1","session_id":5529798706024415232,"user_id":"anon_1"}}',
    );
    const session = await client().sessions.create();
    expect(session.id).toBe('5529798706024415232');
    expect(typeof session.id).toBe('string');
  });
});
