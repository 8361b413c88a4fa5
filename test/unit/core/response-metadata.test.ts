// Response metadata (issue 13, point 2): every single-request method's promise has .withResponse() giving
// { data, response, requestId } and .asResponse() giving the response, with the request id on success too.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { APIError, APIPromise, InvalidArgumentError } from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

const BALANCE = `${BASE}/api/credits/balance/simple`;
const balance = { available: 3, frozen: 0, total: 3 };

function serveBalance(): { count: number } {
  const counter = { count: 0 };
  server.use(http.get(BALANCE, () => (counter.count++, HttpResponse.json(ok(balance), { headers: { 'x-request-id': 'req_ok_1' } }))));
  return counter;
}

describe('withResponse and asResponse', () => {
  test('withResponse: the data, the response and the request id of a successful call, from one request', async () => {
    const requests = serveBalance();
    const { data, response, requestId } = await client().credits.balance().withResponse();
    expect(data).toMatchObject({ available: 3 });
    expect(requestId).toBe('req_ok_1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(ok(balance));
    expect(requests.count).toBe(1);
  });

  test('asResponse: the response, its body readable', async () => {
    serveBalance();
    const response = await client().credits.balance().asResponse();
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get('x-request-id')).toBe('req_ok_1');
    expect(await response.json()).toMatchObject({ data: { available: 3 } });
  });

  test('awaiting, withResponse and asResponse on one promise share its one request', async () => {
    const requests = serveBalance();
    const call = client().credits.balance();
    expect(call).toBeInstanceOf(APIPromise);
    expect(call).toBeInstanceOf(Promise);
    const [data, { requestId }] = await Promise.all([call, call.withResponse()]);
    expect(data.available).toBe(3);
    expect(requestId).toBe('req_ok_1');
    expect(requests.count).toBe(1);
    await expect(call.finally(() => undefined)).resolves.toMatchObject({ available: 3 });
  });

  test('every single-request method has them', async () => {
    const state = { draft: null };
    server.use(
      http.post(`${BASE}/api/tasks/me/with-session/nemo_agent`, () => HttpResponse.json(ok({ task_id: 't', session_id: '1' }), { headers: { 'x-request-id': 'req_s' } })),
      http.get(`${BASE}/api/state/nemo_agent/me/1/latest`, () => HttpResponse.json(ok(state), { headers: { 'x-request-id': 'req_st' } })),
      http.get(`${BASE}/api/render/proxy/lambda/r1`, () => HttpResponse.json({ success: true, data: { id: 'r1', status: 'processing', progress: 5 } }, { headers: { 'x-request-id': 'req_r' } })),
    );
    const nv = client();
    expect((await nv.sessions.create().withResponse()).requestId).toBe('req_s');
    expect((await nv.state.get('1').withResponse()).requestId).toBe('req_st');
    expect((await nv.renders.retrieve('r1').withResponse()).requestId).toBe('req_r');
  });

  test('a failed call rejects the same way through all three (the error carries the request id)', async () => {
    server.use(http.get(BALANCE, () => HttpResponse.json({ code: 5000, message: 'no' }, { status: 500, headers: { 'x-request-id': 'req_bad' } })));
    const call = client().credits.balance();
    const errors = await Promise.all([rejectionOf(call), rejectionOf(call.withResponse()), rejectionOf(call.asResponse())]);
    for (const error of errors) expect(error).toMatchObject({ requestId: 'req_bad' });
    expect(errors[0]).toBeInstanceOf(APIError);
  });

  test('bad input rejects (never throws at the call), through withResponse too', async () => {
    const call = client().state.get('');
    expect(await rejectionOf(call.withResponse())).toBeInstanceOf(InvalidArgumentError);
    expect(await rejectionOf(call)).toBeInstanceOf(InvalidArgumentError);
  });
});
