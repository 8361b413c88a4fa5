import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { ResponseValidationError } from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

const serveBalance = (data: unknown) =>
  server.use(http.get(`${BASE}/api/credits/balance/simple`, () => HttpResponse.json(ok(data))));

test('returns available, frozen and total as sent', async () => {
  serveBalance({ available: 25000, frozen: 40, total: 25040 });
  await expect(client().credits.balance()).resolves.toEqual({ available: 25000, frozen: 40, total: 25040 });
});

test('computes total = available + frozen when the service leaves it out', async () => {
  serveBalance({ available: 100, frozen: 40 });
  await expect(client().credits.balance()).resolves.toEqual({ available: 100, frozen: 40, total: 140 });
});

test('takes a missing frozen as 0', async () => {
  serveBalance({ available: 100 });
  await expect(client().credits.balance()).resolves.toEqual({ available: 100, frozen: 0, total: 100 });
});

test('accepts numbers sent as numeric strings', async () => {
  serveBalance({ available: '25000', frozen: '40.5', total: '25040.5' });
  await expect(client().credits.balance()).resolves.toEqual({ available: 25000, frozen: 40.5, total: 25040.5 });
});

test('reports a non-numeric balance as a ResponseValidationError naming the field', async () => {
  serveBalance({ available: 'lots', frozen: 0 });
  const error = await rejectionOf(client().credits.balance());
  expect(error).toBeInstanceOf(ResponseValidationError);
  expect(error.path).toBe('data.available');
});
