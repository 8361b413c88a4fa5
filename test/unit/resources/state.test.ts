import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError, ResponseValidationError } from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { stateData, wireDraft } from '../helpers/draft.js';
import { rejectionOf } from '../helpers/outcome.js';
import { recordRequests } from '../helpers/requests.js';
import { BASE, server } from '../helpers/server.js';

const SID = '5529798706024415232';

/** Answers the state endpoint for any session with `data`; returns the paths asked for. */
function serveState(data: unknown): string[] {
  const paths: string[] = [];
  server.use(
    http.get(`${BASE}/api/state/nemo_agent/me/:sid/latest`, ({ request }) => {
      paths.push(new URL(request.url).pathname);
      return HttpResponse.json(ok(data));
    }),
  );
  return paths;
}

describe('state.get', () => {
  test('GETs api/state/nemo_agent/me/<sid>/latest', async () => {
    const paths = serveState(stateData(wireDraft()));
    await client().state.get(SID);
    expect(paths).toEqual([`/api/state/nemo_agent/me/${SID}/latest`]);
  });

  test("expands the draft's short keys and maps track codes 0/1/7, keeping other codes as numbers", async () => {
    serveState(stateData(wireDraft()));
    const { draft } = await client().state.get(SID);
    expect(draft?.tracks.map((t) => t.type)).toEqual(['video', 'audio', 'text', 3]);
    expect(draft?.durationMs).toBe(10000);
    expect(draft?.metadata).toEqual({ title: 'Demo', width: 1920, height: 1080 });
    expect(draft?.tracks[0]?.segments).toEqual(wireDraft().t[0]!.sg);
    // No short key leaks past the mapping.
    expect(draft).not.toHaveProperty('t');
    expect(draft).not.toHaveProperty('d');
    expect(draft).not.toHaveProperty('m');
    expect(draft?.tracks[0]).not.toHaveProperty('tt');
    expect(draft?.tracks[0]).not.toHaveProperty('sg');
  });

  test('keeps unknown fields at draft, track and segment level as sent', async () => {
    serveState(stateData(wireDraft()));
    const { draft } = await client().state.get(SID);
    expect(draft).toMatchObject({ v: 2 });
    expect(draft?.tracks[0]).toMatchObject({ locked: false });
    expect(draft?.tracks[1]).toMatchObject({ mute: false });
    expect(draft?.tracks[3]).toMatchObject({ custom: 'kept' });
    expect(draft?.tracks[0]?.segments[0]).toEqual({ id: 'seg_v1', st: 0, du: 5000, src: 'https://cdn.test/clip.mp4', fx: { fade: true } });
    expect(draft?.tracks[2]?.segments[0]).toEqual({ id: 'seg_t1', txt: 'Hello', style: { font: 'Inter', size: 48 } });
  });

  test('gives the state exactly as sent in raw, and the uploaded and generated media in media', async () => {
    const data = stateData(wireDraft());
    serveState(data);
    const state = await client().state.get(SID);
    expect(state.raw).toEqual(data.state);
    expect(state.media).toEqual([{ url: 'https://cdn.test/in.mp4' }, { url: 'https://cdn.test/gen.mp4' }]);
    expect(state).toMatchObject({ sessionId: SID, taskId: 'task_1' });
  });

  test.each([
    ['missing', undefined],
    ['null', null],
    ['an empty string', ''],
  ])('gives an undefined draft when it is %s', async (_, draft) => {
    const data = stateData(draft);
    serveState(data);
    const state = await client().state.get(SID);
    expect(state.draft).toBeUndefined();
    expect(state.raw).toEqual(data.state);
    expect(state.media).toHaveLength(2);
  });

  test('parses a draft sent as a JSON string, keeping the string in raw', async () => {
    const data = stateData(JSON.stringify(wireDraft()));
    serveState(data);
    const state = await client().state.get(SID);
    expect(state.draft?.tracks.map((t) => t.type)).toEqual(['video', 'audio', 'text', 3]);
    expect(state.draft).toMatchObject({ durationMs: 10000, v: 2 });
    expect(state.raw).toEqual(data.state);
  });

  test('reports a draft string that is not JSON as a ResponseValidationError at state.draft', async () => {
    serveState(stateData('{"t": [cut'));
    const error = await rejectionOf(client().state.get(SID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.path).toMatch(/^data\.state\.draft\b/);
  });

  test('reports a malformed draft as a ResponseValidationError whose path names state.draft', async () => {
    serveState(stateData({ t: 5 }));
    const error = await rejectionOf(client().state.get(SID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.path).toMatch(/^data\.state\.draft\b/);
  });

  test('reports a track without a type as a ResponseValidationError under state.draft', async () => {
    serveState(stateData({ t: [{ sg: [] }] }));
    const error = await rejectionOf(client().state.get(SID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.path).toMatch(/^data\.state\.draft\.t\.0\.tt$/);
  });

  test.each([['../x'], [''], ['a/b'], ['x?y=1'], ['..'], ['.']])('refuses session id %j without sending anything', async (sid) => {
    const seen = recordRequests();
    await expect(client().state.get(sid)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });
});
