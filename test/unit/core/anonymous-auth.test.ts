// Anonymous tokens: acquired lazily and once, kept in the token store, re-acquired with the same client id
// when expired or rejected (once per call), and never when the user turned renewal off.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { anonymousAuth, AuthenticationError, memoryTokenStore, MissingClientIdError, type Credentials, type TokenStore } from '../../../src/index.js';
import { anonymousClient, inAWeek, serveAnonymousTokens } from '../helpers/anonymous.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

const BALANCE = `${BASE}/api/credits/balance/simple`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Answers GET balance, rejecting with code 1001 any token listed in `rejected`, and records each request's
 * Authorization.
 */
function serveBalance(rejected: string[] = []): (string | null)[] {
  const seen: (string | null)[] = [];
  server.use(
    http.get(BALANCE, ({ request }) => {
      const authorization = request.headers.get('authorization');
      seen.push(authorization);
      const bad = rejected.some((token) => authorization === `Bearer ${token}`);
      return HttpResponse.json(bad ? { code: 1001, message: 'token expired' } : ok({ available: 100, frozen: 0, total: 100 }));
    }),
  );
  return seen;
}

/** A token store that records what it was given. */
function recordingStore(initial?: Credentials): TokenStore & { saved: Credentials[] } {
  let value = initial;
  const saved: Credentials[] = [];
  return {
    saved,
    get: () => value,
    set: (credentials) => void saved.push((value = credentials)),
    clear: () => void (value = undefined),
  };
}

describe('acquisition', () => {
  test('nothing is requested at construction; the first call acquires a token, then uses it', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance();
    const nv = anonymousClient();
    // A full round trip by another client gives an eager acquisition every chance to show up.
    await client().credits.balance();
    expect(tokens).toHaveLength(0);
    await nv.credits.balance();
    await nv.credits.balance();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.clientId).toMatch(UUID);
    expect(seen).toEqual(['Bearer nmv_usr_testtoken', 'Bearer nmv_usr_anon1', 'Bearer nmv_usr_anon1']);
  });

  test('a caller that aborts the shared acquisition it started fails alone: the others acquire again under their own signal', async () => {
    const leaving = new AbortController();
    const signals: Array<AbortSignal | undefined> = [];
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    const auth = anonymousAuth({
      store: memoryTokenStore(),
      acquire: (_clientId, signal) => {
        signals.push(signal);
        if (signals.length > 1) return Promise.resolve({ token: 'nmv_usr_second' });
        // The first acquisition hangs until its caller leaves.
        firstStarted();
        return new Promise((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason)));
      },
    });
    const first = auth.token(leaving.signal);
    const second = auth.token();
    await started;
    leaving.abort();
    expect(await rejectionOf(first)).toBe(leaving.signal.reason);
    await expect(second).resolves.toBe('nmv_usr_second');
    expect(signals).toEqual([leaving.signal, undefined]);
  });

  test('five concurrent first calls share one anonymous-token request', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance();
    const nv = anonymousClient();
    await Promise.all(Array.from({ length: 5 }, () => nv.credits.balance()));
    expect(tokens).toHaveLength(1);
    expect(seen).toEqual(Array(5).fill('Bearer nmv_usr_anon1'));
  });

  test('the clientId option is the X-Client-Id sent', async () => {
    const tokens = serveAnonymousTokens();
    serveBalance();
    await anonymousClient({ clientId: 'install-42' }).credits.balance();
    expect(tokens).toEqual([{ clientId: 'install-42', authorization: null }]);
  });
});

describe('token store', () => {
  test('the client id and token are saved in a custom store, and a new client reuses them', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance();
    const store = recordingStore();
    await anonymousClient({ tokenStore: store }).credits.balance();
    expect(store.saved).toHaveLength(1);
    expect(store.saved[0]).toMatchObject({ clientId: tokens[0]?.clientId, token: 'nmv_usr_anon1', userId: 'anon_1' });

    // A later run: same store, new client. No new token is asked for.
    await anonymousClient({ tokenStore: store }).credits.balance();
    expect(tokens).toHaveLength(1);
    expect(seen).toEqual(['Bearer nmv_usr_anon1', 'Bearer nmv_usr_anon1']);
  });

  test('a stored token past its expiry is re-acquired, with the stored client id, before the call', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance(['nmv_usr_stale']);
    const store = recordingStore({ clientId: 'stored-client', token: 'nmv_usr_stale', expiresAt: '2020-01-01T00:00:00Z' });
    await anonymousClient({ tokenStore: store }).credits.balance();
    expect(tokens).toEqual([{ clientId: 'stored-client', authorization: null }]);
    // The stale token never went out.
    expect(seen).toEqual(['Bearer nmv_usr_anon1']);
    expect(store.saved[0]).toMatchObject({ clientId: 'stored-client', token: 'nmv_usr_anon1' });
  });

  test('a stored token about to expire (within a minute) is renewed too', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance();
    const soon = new Date(Date.now() + 10_000).toISOString();
    await anonymousClient({ tokenStore: recordingStore({ clientId: 'c', token: 'nmv_usr_old', expiresAt: soon }) }).credits.balance();
    expect(tokens).toHaveLength(1);
    expect(seen).toEqual(['Bearer nmv_usr_anon1']);
  });

  test('a stored token that is still valid is used without asking', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance();
    await anonymousClient({ tokenStore: recordingStore({ clientId: 'c', token: 'nmv_usr_kept', expiresAt: inAWeek() }) }).credits.balance();
    expect(tokens).toHaveLength(0);
    expect(seen).toEqual(['Bearer nmv_usr_kept']);
  });
});

describe('renewal on 1001', () => {
  test('one new token, with the same X-Client-Id, and the call retried once', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance(['nmv_usr_anon1']);
    await expect(anonymousClient().credits.balance()).resolves.toMatchObject({ available: 100 });
    expect(tokens).toHaveLength(2);
    expect(tokens[1]?.clientId).toBe(tokens[0]?.clientId);
    expect(seen).toEqual(['Bearer nmv_usr_anon1', 'Bearer nmv_usr_anon2']);
  });

  test('the renewed token is kept in the store', async () => {
    serveAnonymousTokens();
    serveBalance(['nmv_usr_anon1']);
    const store = memoryTokenStore();
    await anonymousClient({ tokenStore: store }).credits.balance();
    expect(await store.get()).toMatchObject({ token: 'nmv_usr_anon2' });
  });

  test('a second 1001 surfaces AuthenticationError: no loop', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance(['nmv_usr_anon1', 'nmv_usr_anon2', 'nmv_usr_anon3']);
    const error = await rejectionOf(anonymousClient().credits.balance());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(tokens).toHaveLength(2);
    expect(seen).toHaveLength(2);
  });

  test('a POST is retried after renewal too, with the same body', async () => {
    const tokens = serveAnonymousTokens();
    const calls: { authorization: string | null; body: unknown }[] = [];
    server.use(
      http.post(`${BASE}/api/tasks/me/with-session/nemo_agent`, async ({ request }) => {
        calls.push({ authorization: request.headers.get('authorization'), body: await request.json() });
        return HttpResponse.json(calls.length === 1 ? { code: 1001 } : ok({ task_id: 'task_1', session_id: '5529798706024415232' }));
      }),
    );
    await expect(anonymousClient().sessions.create({ language: 'ja' })).resolves.toMatchObject({ id: '5529798706024415232' });
    expect(tokens).toHaveLength(2);
    expect(calls.map((c) => c.authorization)).toEqual(['Bearer nmv_usr_anon1', 'Bearer nmv_usr_anon2']);
    expect(calls[1]?.body).toEqual(calls[0]?.body);
    expect(calls[0]?.body).toEqual({ task_name: 'project', language: 'ja' });
  });

  test('HTTP 401 renews like 1001', async () => {
    const tokens = serveAnonymousTokens();
    let n = 0;
    server.use(http.get(BALANCE, () => (++n === 1 ? new HttpResponse(null, { status: 401 }) : HttpResponse.json(ok({ available: 3 })))));
    await expect(anonymousClient().credits.balance()).resolves.toMatchObject({ available: 3 });
    expect(tokens).toHaveLength(2);
  });

  test('concurrent calls rejected with the same token share one renewal', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance(['nmv_usr_anon1']);
    const nv = anonymousClient();
    await Promise.all(Array.from({ length: 3 }, () => nv.credits.balance()));
    expect(tokens).toHaveLength(2);
    expect(seen.filter((a) => a === 'Bearer nmv_usr_anon2')).toHaveLength(3);
  });

  test('a call rejected with a token that was already renewed by another call reuses the new one', async () => {
    const tokens = serveAnonymousTokens();
    const seen: (string | null)[] = [];
    let renewedRetry!: () => void;
    const firstCallRenewed = new Promise<void>((resolve) => (renewedRetry = resolve));
    server.use(
      http.get(BALANCE, async ({ request }) => {
        const authorization = request.headers.get('authorization');
        seen.push(authorization);
        if (authorization === 'Bearer nmv_usr_anon2') {
          renewedRetry();
          return HttpResponse.json(ok({ available: 100 }));
        }
        // The second call's rejection arrives only after the first call has renewed and retried.
        if (seen.filter((a) => a === 'Bearer nmv_usr_anon1').length === 2) await firstCallRenewed;
        return HttpResponse.json({ code: 1001, message: 'token expired' });
      }),
    );
    const nv = anonymousClient();
    await Promise.all([nv.credits.balance(), nv.credits.balance()]);
    expect(tokens).toHaveLength(2);
    expect(seen.filter((a) => a === 'Bearer nmv_usr_anon2')).toHaveLength(2);
  });

  test('renewToken: false surfaces the first 1001 without asking for a new token', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance(['nmv_usr_anon1']);
    const error = await rejectionOf(anonymousClient({ renewToken: false }).credits.balance());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(tokens).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });
});

describe('a refused X-Client-Id (HTTP 400): RECOVERY.missingClientId', () => {
  const refusedOnce = () => {
    const tried: string[] = [];
    const acquire = async (clientId: string) => {
      tried.push(clientId);
      if (tried.length === 1) throw new MissingClientIdError({ status: 400, code: 400 });
      return { token: 'nmv_usr_fresh', expiresAt: inAWeek() };
    };
    return { tried, acquire };
  };

  test('a new client id is made, stored, and the token request sent again once', async () => {
    const { tried, acquire } = refusedOnce();
    const store = memoryTokenStore();
    const auth = anonymousAuth({ store, acquire });
    expect(await auth.token()).toBe('nmv_usr_fresh');
    expect(tried).toHaveLength(2);
    expect(tried[1]).toMatch(UUID);
    expect(tried[1]).not.toBe(tried[0]);
    expect((await store.get())?.clientId).toBe(tried[1]);
  });

  test('refused again: the error reaches the caller after two requests, never a loop', async () => {
    const tried: string[] = [];
    const auth = anonymousAuth({
      store: memoryTokenStore(),
      acquire: async (clientId) => {
        tried.push(clientId);
        throw new MissingClientIdError({ status: 400, code: 400, requestId: `req_${tried.length}` });
      },
    });
    const error = await rejectionOf(auth.token());
    expect(error).toBeInstanceOf(MissingClientIdError);
    expect(tried).toHaveLength(2);
    // It says what happened: a new id was made and refused too, so "pass a clientId" is no remedy here.
    expect(error).toMatchObject({ status: 400, code: 400, requestId: 'req_2' });
    expect((error as Error).message).toBe('The X-Client-Id header was refused, and a new one too: check that nothing on the way drops it.');
  });

  test('a fixed clientId is never replaced: the first refusal reaches the caller', async () => {
    const { tried, acquire } = refusedOnce();
    const auth = anonymousAuth({ store: memoryTokenStore(), clientId: 'install-1', acquire });
    const error = await rejectionOf(auth.token());
    expect(error).toBeInstanceOf(MissingClientIdError);
    expect((error as Error).message).toMatch(/^The X-Client-Id header is missing: pass a clientId/);
    expect(tried).toEqual(['install-1']);
  });
});
