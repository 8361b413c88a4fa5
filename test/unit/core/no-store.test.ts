// Every GET the SDK makes opts out of framework fetch caches (Next.js's App Router caches fetch GETs by default):
// a poll answered from such a cache would show "processing" forever. The fetch below is such a cache: it keeps
// the first answer to each GET and serves it again unless the request says `cache: 'no-store'`.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { NemoVideo } from '../../../src/index.js';
import { ok } from '../helpers/client.js';
import { stateData, wireDraft } from '../helpers/draft.js';
import { okB } from '../helpers/render.js';

const BASE = 'https://api.test';

/** A fetch that caches every GET unless told `no-store`, in front of `answer`; `calls` counts what reached `answer`. */
function cachingFetch(answer: (request: Request, call: number) => Response) {
  const cache = new Map<string, Response>();
  const seen = { calls: 0, modes: [] as string[] };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const cacheable = request.method === 'GET' && request.cache !== 'no-store';
    if (request.method === 'GET') seen.modes.push(request.cache);
    const cached = cacheable ? cache.get(request.url) : undefined;
    if (cached) return cached.clone();
    const response = answer(request, seen.calls++);
    if (cacheable) cache.set(request.url, response.clone());
    return response;
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

const client = (fetch: typeof globalThis.fetch) => new NemoVideo({ baseURL: BASE, token: 'nmv_usr_testtoken', maxRetries: 0, fetch });

describe("every GET is sent with cache: 'no-store'", () => {
  test('credits: a second balance is the server’s, not a cached one', async () => {
    const { fetch, seen } = cachingFetch((_, call) => Response.json(ok({ available: 100 - call, frozen: 0, total: 100 - call })));
    const nv = client(fetch);
    expect((await nv.credits.balance()).available).toBe(100);
    expect((await nv.credits.balance()).available).toBe(99);
    expect(seen.modes).toEqual(['no-store', 'no-store']);
  });

  test('state: a timeline changed by the agent is seen', async () => {
    const { fetch } = cachingFetch((_, call) => Response.json(ok(stateData(call === 0 ? undefined : wireDraft()))));
    const nv = client(fetch);
    expect((await nv.state.get('5529798706024415232')).draft).toBeUndefined();
    expect((await nv.state.get('5529798706024415232')).draft?.tracks.length).toBeGreaterThan(0);
  });

  test('render status: a wait sees "processing" turn into "completed"', async () => {
    const { fetch, seen } = cachingFetch((_, call) =>
      Response.json(okB(call < 2 ? { id: 'render_1', status: 'processing', progress: 40 * call } : { id: 'render_1', status: 'completed', progress: 100, outputUrl: 'https://cdn.test/r.mp4' })),
    );
    const done = await client(fetch).renders.wait('render_1', { interval: 1, maxDuration: 2_000 });
    expect(done.url).toBe('https://cdn.test/r.mp4');
    expect(seen.calls).toBe(3);
  });

  test('downloads: the bytes of now, not of the first download', async () => {
    const { fetch } = cachingFetch((_, call) => new Response(new Uint8Array([call]), { headers: { 'Content-Type': 'video/mp4' } }));
    const nv = client(fetch);
    const read = async () => new Uint8Array(await new Response(await nv.download('https://cdn.test/r.mp4')).arrayBuffer());
    expect(await read()).toEqual(new Uint8Array([0]));
    expect(await read()).toEqual(new Uint8Array([1]));
  });

  test('a POST carries no cache mode of its own', async () => {
    const modes: string[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      modes.push(new Request(input, init).cache);
      return Response.json(ok({ task_id: 'task_1', session_id: '5529798706024415232' }));
    }) as typeof globalThis.fetch;
    await client(fetch).sessions.create();
    expect(modes).toEqual(['default']);
  });
});

describe('a runtime whose Request refuses the cache field (Workers before 2024-11-11)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  test('gets no cache field, and the call still goes out', async () => {
    const Original = globalThis.Request;
    vi.stubGlobal(
      'Request',
      class extends Original {
        constructor(input: RequestInfo | URL, init?: RequestInit) {
          if (init && 'cache' in init) throw new Error("The 'cache' field on 'RequestInitializerDict' is not implemented.");
          super(input, init);
        }
      },
    );
    vi.resetModules();
    const { NemoVideo: Fresh } = await import('../../../src/index.js');
    const fetch = (async () => Response.json(ok({ available: 7, frozen: 0, total: 7 }))) as typeof globalThis.fetch;
    const nv = new Fresh({ baseURL: BASE, token: 'nmv_usr_testtoken', maxRetries: 0, fetch });
    expect((await nv.credits.balance()).available).toBe(7);
  });
});
