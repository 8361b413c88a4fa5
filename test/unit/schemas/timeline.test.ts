import { describe, expect, test } from 'vitest';
import { isExportable, type Timeline } from '../../../src/index.js';
import { client } from '../helpers/client.js';
import { wireDraft } from '../helpers/draft.js';
import { serveStateAndSubmit } from '../helpers/render.js';

const SID = '5529798706024415232';

describe('isExportable', () => {
  test('is false with no timeline, no tracks, or only empty tracks', () => {
    expect(isExportable(undefined)).toBe(false);
    expect(isExportable({ tracks: [] })).toBe(false);
    expect(isExportable({ tracks: [{ type: 'video', segments: [] }, { type: 'audio', segments: [] }] })).toBe(false);
  });

  test('is true when any track has a segment', () => {
    expect(isExportable({ tracks: [{ type: 'video', segments: [] }, { type: 7, segments: [{ id: 's' }] }] })).toBe(true);
  });

  test('is true for a draft from state.get', async () => {
    serveStateAndSubmit(wireDraft());
    expect(isExportable((await client().state.get(SID)).draft)).toBe(true);
  });
});

describe('the draft round trip: state.get -> renders.create', () => {
  test('sends back the short-key draft, deep-equal to the wire draft, unknown fields and codes included', async () => {
    const submitted = serveStateAndSubmit(wireDraft());
    const nv = client();
    const { draft } = await nv.state.get(SID);
    await nv.renders.create({ sessionId: SID, draft: draft! });
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.draft).toEqual(wireDraft());
  });

  test('round-trips a draft that came as a JSON string into the same object', async () => {
    const submitted = serveStateAndSubmit(JSON.stringify(wireDraft()));
    const nv = client();
    const { draft } = await nv.state.get(SID);
    await nv.renders.create({ sessionId: SID, draft: draft! });
    expect(submitted[0]!.draft).toEqual(wireDraft());
  });

  test('does not add d or m when the wire draft had none', async () => {
    const bare = { t: [{ tt: 0, sg: [{ id: 'a' }] }] };
    const submitted = serveStateAndSubmit(bare);
    const nv = client();
    const { draft } = await nv.state.get(SID);
    await nv.renders.create({ sessionId: SID, draft: draft! });
    expect(submitted[0]!.draft).toEqual(bare);
  });

  test('encodes an edited readable timeline to short keys', async () => {
    const submitted = serveStateAndSubmit(wireDraft());
    const timeline: Timeline = {
      tracks: [
        { type: 'text', segments: [{ txt: 'Title' }], z: 1 },
        { type: 'audio', segments: [] },
        { type: 9, segments: [{ x: 1 }] },
      ],
      durationMs: 3000,
      metadata: { title: 'Edited' },
    };
    await client().renders.create({ sessionId: SID, draft: timeline });
    expect(submitted[0]!.draft).toEqual({
      t: [
        { tt: 7, sg: [{ txt: 'Title' }], z: 1 },
        { tt: 1, sg: [] },
        { tt: 9, sg: [{ x: 1 }] },
      ],
      d: 3000,
      m: { title: 'Edited' },
    });
  });

  test('sends a short-key draft given directly as is', async () => {
    const submitted = serveStateAndSubmit(wireDraft());
    await client().renders.create({ sessionId: SID, draft: wireDraft() });
    expect(submitted[0]!.draft).toEqual(wireDraft());
  });
});
