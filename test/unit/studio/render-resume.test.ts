/**
 * Renders outlive a request: Studio says a render's id the moment the job exists (`render_started`), and a
 * later Studio (a reloaded page, another process) picks the same job up by that id instead of starting another.
 */
import { describe, expect, test } from 'vitest';
import { memoryTokenStore, NemoVideo } from '../../../src/index.js';
import { Studio, type StudioUpdate } from '../../../src/studio/index.js';
import { FAST, GENERATE, ofType, studioSetup, updatesOf } from '../helpers/studio.js';

const submits = (requests: { method: string; path: string }[]) => requests.filter((r) => r.method === 'POST' && r.path === '/api/render/proxy/lambda');

describe('render_started', () => {
  test("an export says the render's id as soon as the job exists, before its progress and result", async () => {
    const { emulator, nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    await updatesOf(studio.say(GENERATE));
    const updates = await updatesOf(studio.export());
    const started = ofType(updates, 'render_started');
    const [result] = ofType(updates, 'result');
    expect(started).toHaveLength(1);
    expect(started[0]).toEqual({ type: 'render_started', renderId: result!.kind === 'export' ? result!.renderId : '', message: `Rendering started (render ${started[0]!.renderId}).` });
    // The id comes first: everything an app needs to pick the render up again is there before the wait.
    const at = updates.indexOf(started[0]!);
    expect(updates.slice(0, at).some((u) => u.type === 'progress' || u.type === 'result')).toBe(false);
    expect(submits(emulator.requests)).toHaveLength(1);
  });
});

describe('resumeRender', () => {
  test('a later Studio (a new client, as after a reload) waits on the same job and gets its URL; no second render', async () => {
    // The page keeps its anonymous token across the reload (localStorageTokenStore in a browser).
    const kept = memoryTokenStore();
    const { emulator, nv } = studioSetup({}, { tokenStore: kept });
    const first = new Studio(nv, { timings: FAST });
    await updatesOf(first.say(GENERATE));
    const { draft } = await nv.state.get(first.sessionId!);
    const job = await nv.renders.create({ sessionId: first.sessionId!, draft: draft! });

    // A new client and Studio on the same service, with nothing but the saved id (as a reloaded page has).
    const reloaded = new NemoVideo({ baseURL: nv.baseURL, tokenStore: kept, fetch: (input, init) => emulator.handle(new Request(input, init)), maxRetries: 0 });
    const page = new Studio(reloaded, { timings: FAST });
    const updates: StudioUpdate[] = await updatesOf(page.resumeRender(job.id));
    expect(updates[0]).toEqual({ type: 'status', message: `Picking up render ${job.id}…` });
    expect(updates.at(-1)).toMatchObject({ type: 'result', kind: 'export', renderId: job.id, url: expect.stringContaining(job.id) });
    expect(submits(emulator.requests)).toHaveLength(1);
    expect(page.sessionId).toBeUndefined();
  });

  test('an id the service does not know is a remedy, not a throw', async () => {
    const { nv } = studioSetup();
    const updates = await updatesOf(new Studio(nv, { timings: FAST }).resumeRender('render_nosuchjob'));
    expect(updates.at(-1)).toMatchObject({ type: 'remedy' });
  });
});
