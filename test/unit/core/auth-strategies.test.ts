// Where the token comes from when it is not anonymous: an explicit token, NEMO_TOKEN, or a custom
// strategy; plus where requests go (NEMO_BASE_URL) and which tokens are refused before anything is sent.
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { AuthenticationError, InvalidArgumentError, NemoVideo, PermissionDeniedError, proxyAuth, tokenAuth, type AuthStrategy } from '../../../src/index.js';
import { serveAnonymousTokens } from '../helpers/anonymous.js';
import { client, ok } from '../helpers/client.js';
import { rejectionOf } from '../helpers/outcome.js';
import { BASE, server } from '../helpers/server.js';

afterEach(() => void vi.unstubAllEnvs());

/** Answers GET balance on `base` (or fails it with `code`) and records each request's Authorization. */
function serveBalance(base = BASE, code = 0): (string | null)[] {
  const seen: (string | null)[] = [];
  server.use(
    http.get(`${base}/api/credits/balance/simple`, ({ request }) => {
      seen.push(request.headers.get('authorization'));
      return HttpResponse.json(code ? { code, message: 'token invalid' } : ok({ available: 1, frozen: 0, total: 1 }));
    }),
  );
  return seen;
}

describe('explicit token', () => {
  test('is sent as the Bearer token, and no anonymous token is requested', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance();
    await new NemoVideo({ baseURL: BASE, token: 'nmv_usr_mine' }).credits.balance();
    expect(seen).toEqual(['Bearer nmv_usr_mine']);
    expect(tokens).toHaveLength(0);
  });

  test('wins over NEMO_TOKEN', async () => {
    vi.stubEnv('NEMO_TOKEN', 'nmv_usr_fromenv');
    const seen = serveBalance();
    await new NemoVideo({ baseURL: BASE, token: 'nmv_usr_mine' }).credits.balance();
    expect(seen).toEqual(['Bearer nmv_usr_mine']);
  });

  test('a 1001 is surfaced as is: no renewal, no second request', async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance(BASE, 1001);
    const error = await rejectionOf(client().credits.balance());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(seen).toHaveLength(1);
    expect(tokens).toHaveLength(0);
  });
});

describe('environment', () => {
  test('NEMO_TOKEN is used when no token is given (trimmed)', async () => {
    vi.stubEnv('NEMO_TOKEN', '  nmv_usr_fromenv\n');
    const tokens = serveAnonymousTokens();
    const seen = serveBalance();
    await new NemoVideo({ baseURL: BASE }).credits.balance();
    expect(seen).toEqual(['Bearer nmv_usr_fromenv']);
    expect(tokens).toHaveLength(0);
  });

  test('NEMO_BASE_URL points the client elsewhere when no baseURL is given', async () => {
    vi.stubEnv('NEMO_BASE_URL', 'https://emulator.test/');
    const seen = serveBalance('https://emulator.test');
    const nv = new NemoVideo({ token: 'nmv_usr_mine' });
    expect(nv.baseURL).toBe('https://emulator.test');
    await nv.credits.balance();
    expect(seen).toEqual(['Bearer nmv_usr_mine']);
  });

  test('an explicit baseURL wins over NEMO_BASE_URL', async () => {
    vi.stubEnv('NEMO_BASE_URL', 'https://emulator.test');
    const seen = serveBalance();
    await new NemoVideo({ baseURL: BASE, token: 'nmv_usr_mine' }).credits.balance();
    expect(seen).toHaveLength(1);
  });

  test('without either, the production API is the default', () => {
    vi.stubEnv('NEMO_BASE_URL', '');
    expect(new NemoVideo({ token: 'nmv_usr_mine' }).baseURL).toBe('https://mega-api-prod.nemovideo.ai');
  });

  test('a baseURL that is not http(s) is refused at construction', () => {
    expect(() => new NemoVideo({ baseURL: 'ftp://x.test', token: 'nmv_usr_mine' })).toThrow(InvalidArgumentError);
  });
});

describe('token validation', () => {
  test.each([
    ['an empty string', ''],
    ['a token with a newline', 'nmv_usr_abc\nX-Injected: 1'],
    ['a token with a space', 'nmv_usr_abc def'],
  ])('tokenAuth refuses %s with InvalidArgumentError', (_, token) => {
    expect(() => tokenAuth(token)).toThrow(InvalidArgumentError);
  });

  test('the client refuses a token with a line break before sending anything', () => {
    // No handler is installed: a request would fail the test (onUnhandledRequest: 'error').
    expect(() => new NemoVideo({ baseURL: BASE, token: 'nmv_usr_abc\r\n' })).toThrow(InvalidArgumentError);
  });
});

describe('custom authStrategy', () => {
  test('its token is sent, and it overrides token and NEMO_TOKEN', async () => {
    vi.stubEnv('NEMO_TOKEN', 'nmv_usr_fromenv');
    const seen = serveBalance();
    const authStrategy: AuthStrategy = { kind: 'vault', token: async () => 'nmv_usr_vault' };
    await new NemoVideo({ baseURL: BASE, token: 'nmv_usr_mine', authStrategy }).credits.balance();
    expect(seen).toEqual(['Bearer nmv_usr_vault']);
  });

  test('its renew is asked once with the rejected token, and the call is retried with the new one', async () => {
    let current = 'nmv_usr_v1';
    const renewed: string[] = [];
    const authStrategy: AuthStrategy = {
      kind: 'vault',
      token: async () => current,
      renew: async (rejected) => {
        renewed.push(rejected);
        current = 'nmv_usr_v2';
        return true;
      },
    };
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/api/credits/balance/simple`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json(seen.length === 1 ? { code: 1001 } : ok({ available: 2 }));
      }),
    );
    await expect(client({ authStrategy }).credits.balance()).resolves.toMatchObject({ available: 2 });
    expect(renewed).toEqual(['nmv_usr_v1']);
    expect(seen).toEqual(['Bearer nmv_usr_v1', 'Bearer nmv_usr_v2']);
  });

  test('a strategy whose renew declines surfaces the AuthenticationError', async () => {
    const authStrategy: AuthStrategy = { kind: 'vault', token: async () => 'nmv_usr_v1', renew: async () => false };
    const seen = serveBalance(BASE, 1001);
    expect(await rejectionOf(client({ authStrategy }).credits.balance())).toBeInstanceOf(AuthenticationError);
    expect(seen).toHaveLength(1);
  });
});

describe('proxyAuth (a page behind its server\'s proxy)', () => {
  const proxied = () => new NemoVideo({ baseURL: `${BASE}/api/nemo`, authStrategy: proxyAuth(), maxRetries: 0 });

  test('sends no Authorization header and never asks for an anonymous token, NEMO_TOKEN or not', async () => {
    vi.stubEnv('NEMO_TOKEN', 'nmv_usr_fromenv');
    const tokens = serveAnonymousTokens();
    const seen = serveBalance(`${BASE}/api/nemo`);
    await proxied().credits.balance();
    await proxied().credits.balance();
    expect(seen).toEqual([null, null]);
    expect(tokens).toHaveLength(0);
  });

  test("the proxy's 401 is an AuthenticationError, surfaced without a renewal or a second request", async () => {
    const tokens = serveAnonymousTokens();
    const seen = serveBalance(`${BASE}/api/nemo`, 1001);
    const error = await rejectionOf(proxied().credits.balance());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(seen).toHaveLength(1);
    expect(tokens).toHaveLength(0);
  });

  test("the proxy's 403 is a PermissionDeniedError", async () => {
    server.use(http.get(`${BASE}/api/nemo/api/credits/balance/simple`, () => HttpResponse.json({ code: 403, message: 'Origin not allowed.' }, { status: 403 })));
    expect(await rejectionOf(proxied().credits.balance())).toBeInstanceOf(PermissionDeniedError);
  });

  test("is named 'proxy', and printing the client shows no token", () => {
    expect(proxyAuth().kind).toBe('proxy');
    expect(JSON.stringify(proxied())).toBe(JSON.stringify({ baseURL: `${BASE}/api/nemo` }));
  });
});
