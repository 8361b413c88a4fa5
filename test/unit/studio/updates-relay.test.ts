// Studio's updates relayed by a server (`studioUpdatesToResponse`) and read back by its page
// (`studioUpdatesFromResponse`): the same typed updates, errors with their class, a cut told from an end.
import { describe, expect, test } from 'vitest';
import { ExportBlockedError, InsufficientCreditsError, ResponseValidationError, StreamError } from '../../../src/index.js';
import {
  remedyFor,
  Studio,
  studioUpdatesFromResponse,
  studioUpdatesToReadableStream,
  studioUpdatesToResponse,
  type StudioUpdate,
} from '../../../src/studio/index.js';
import { FAST, GENERATE, studioSetup, updatesOf } from '../helpers/studio.js';

/** `updates`, recording each as it passes. */
async function* tee(updates: AsyncIterable<StudioUpdate>, seen: StudioUpdate[]): AsyncGenerator<StudioUpdate> {
  for await (const update of updates) yield (seen.push(update), update);
}

async function* failing(updates: StudioUpdate[], error: unknown): AsyncGenerator<StudioUpdate> {
  yield* updates;
  throw error;
}

const failureOf = async (updates: AsyncIterable<StudioUpdate>) => {
  const read: StudioUpdate[] = [];
  try {
    for await (const update of updates) read.push(update);
  } catch (error) {
    return { read, error: error as any };
  }
  throw new Error('expected a failure');
};

describe('studioUpdatesToResponse → studioUpdatesFromResponse', () => {
  test('a generation, then the credits: the page reads the updates the server saw, in order', async () => {
    const { nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    for (const text of [GENERATE, '余额']) {
      const seen: StudioUpdate[] = [];
      const read = await updatesOf(studioUpdatesFromResponse(studioUpdatesToResponse(tee(studio.say(text), seen))));
      expect(read).toEqual(JSON.parse(JSON.stringify(seen)));
      expect(read.length).toBeGreaterThan(0);
    }
  });

  test('the response is uncached SSE; the readable stream is the same frames', async () => {
    const update: StudioUpdate = { type: 'status', message: 'Setting things up…' };
    const response = studioUpdatesToResponse(failing([update], new ExportBlockedError({ status: 402, code: 402 })), { headers: { 'X-App': '1' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-app')).toBe('1');
    const text = await new Response(studioUpdatesToReadableStream((async function* () { yield update; })())).text();
    expect(text).toBe(`data: ${JSON.stringify(update)}\n\nevent: end\ndata: {}\n\n`);
  });

  test('an API error keeps its class; any other failure is a StreamError', async () => {
    const update: StudioUpdate = { type: 'text', message: 'Hi.' };
    const api = await failureOf(studioUpdatesFromResponse(studioUpdatesToResponse(failing([update], new ExportBlockedError({ status: 402, code: 402 })))));
    expect(api.read).toEqual([update]);
    expect(api.error).toBeInstanceOf(ExportBlockedError);
    expect(api.error.status).toBe(402);
    const other = await failureOf(studioUpdatesFromResponse(studioUpdatesToResponse(failing([], new TypeError('boom')))));
    expect(other.error).toBeInstanceOf(StreamError);
    expect(other.error.message).toMatch(/TypeError: boom/);
  });

  test('a cut body is a StreamError; an update without a message a ResponseValidationError', async () => {
    const cut = await failureOf(studioUpdatesFromResponse(new Response('data: {"type":"text","message":"Hi."}\n\n')));
    expect(cut.read).toEqual([{ type: 'text', message: 'Hi.' }]);
    expect(cut.error).toBeInstanceOf(StreamError);
    const bad = await failureOf(studioUpdatesFromResponse(new Response('data: {"type":"text"}\n\n')));
    expect(bad.error).toBeInstanceOf(ResponseValidationError);
    expect(bad.error.path).toBe('update[0].message');
  });

  test("a remedy's error arrives typed; a registration link binding the server's anonymous account does not arrive", async () => {
    const remedy = { type: 'remedy' as const, ...remedyFor(new InsufficientCreditsError({ status: 200, code: 2001, requestId: 'req_7', userId: 'anon_server' })) };
    expect(remedy.links[0]?.url).toMatch(/bind=anon_server/);
    const response = studioUpdatesToResponse((async function* () { yield remedy; })());
    expect(await response.clone().text()).not.toContain('anon_server');
    const [read] = await updatesOf(studioUpdatesFromResponse(response));
    expect(read).toMatchObject({ type: 'remedy', kind: 'no_credits', links: [], code: 2001, requestId: 'req_7' });
    expect((read as typeof remedy).error).toBeInstanceOf(InsufficientCreditsError);
    expect((read as typeof remedy).error).toMatchObject({ status: 200, code: 2001, requestId: 'req_7' });
  });
});
