import { beforeEach, describe, expect, test, vi } from 'vitest';
import { type NemoVideo } from '../../../src/index.js';
import { Studio } from '../../../src/studio/index.js';
import type { Emulator } from '../../../src/testing/index.js';
import { chatsSent, fakeFile, FAST, GENERATE, ofType, studioSetup, updatesOf } from '../helpers/studio.js';

let emulator: Emulator;
let nv: NemoVideo;
let studio: Studio;
beforeEach(async () => {
  ({ emulator, nv } = studioSetup());
  studio = new Studio(nv, { timings: FAST });
  await updatesOf(studio.say(GENERATE));
  expect(chatsSent(emulator)).toBe(1);
});

/** The updates of `text`, checking that it opened no chat stream. */
async function direct(text: string, options?: Parameters<Studio['say']>[1]) {
  const updates = await updatesOf(studio.say(text, options));
  expect(chatsSent(emulator)).toBe(1);
  return updates;
}

describe('credits, state, upload and export never open a chat stream', () => {
  test.each(['credits', 'How many credits do I have?', 'balance', '积分', '余额'])('"%s" → the balance', async (text) => {
    const [result, ...rest] = await direct(text);
    expect(rest).toEqual([]);
    expect(result).toMatchObject({ type: 'result', kind: 'credits', credits: { available: 9_900 }, message: 'You have 9900 credits.' });
  });

  test.each(['status', 'show tracks', '状态'])('"%s" → the timeline summary', async (text) => {
    const [timeline, ...rest] = await direct(text);
    expect(rest).toEqual([]);
    expect(timeline).toMatchObject({ type: 'timeline', changes: [] });
    expect(timeline!.message).toMatch(/^Timeline \(4 tracks\): 1\. Video: .* 2\. BGM: Ambient \(0-10s, 35%\) 3\. Title: "Cities never sleep" \(0-3s\)/);
  });

  test.each(['export', 'download', 'send me the video', '导出'])('"%s" → the export workflow, with progress and the URL', async (text) => {
    const updates = await direct(text);
    const progress = ofType(updates, 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.stage === 'render' && /^Rendering… \d+%$/.test(p.message))).toBe(true);
    expect(progress.at(-1)!.percent).toBe(100);
    const [result] = ofType(updates, 'result');
    expect(result).toMatchObject({ kind: 'export', url: expect.stringMatching(/^https:\/\/emulator\.test\/files\/render_\w+\.mp4$/), renderId: expect.stringMatching(/^render_/) });
    expect(updates.at(-1)).toBe(result);
  });

  test.each(['upload', '上传'])('"%s" with files → uploaded, with progress and a result per file', async (text) => {
    const updates = await direct(text, { files: [fakeFile('clip.mp4'), new File(['png bytes'], 'logo.png', { type: 'image/png' })] });
    expect(ofType(updates, 'result').map((r) => r.kind === 'upload' && [r.filename, r.files[0]?.type])).toEqual([
      ['clip.mp4', 'video'],
      ['logo.png', 'image'],
    ]);
    expect(ofType(updates, 'progress').filter((p) => p.percent === 100).map((p) => p.filename)).toEqual(['clip.mp4', 'logo.png']);
    expect(emulator.draftOf(studio.sessionId!)!.t[0]!.sg.map((s) => ('label' in s ? s.label : ''))).toEqual(expect.arrayContaining(['clip.mp4', 'logo.png']));
  });

  test('"upload" without files asks for them', async () => {
    expect(await direct('upload')).toEqual([{ type: 'offer', action: 'upload', message: expect.stringMatching(/^Send the files/) }]);
  });

  test('files with no words are an upload', async () => {
    expect(ofType(await direct('', { files: [fakeFile('a.jpg')] }), 'result')).toMatchObject([{ kind: 'upload', filename: 'a.jpg' }]);
  });
});

test('files with an instruction: uploaded first, then the instruction goes to the agent, which uses them', async () => {
  const updates = await updatesOf(studio.say('make a video from these', { files: [fakeFile('beach.jpg'), fakeFile('sunset.jpg')] }));
  expect(chatsSent(emulator)).toBe(2);
  const kinds = updates.map((u) => (u.type === 'result' ? `result:${u.kind}` : u.type));
  expect(kinds.indexOf('result:upload')).toBeLessThan(kinds.indexOf('text'));
  const video = emulator.draftOf(studio.sessionId!)!.t[0]!.sg.map((s) => ('label' in s ? s.label : ''));
  expect(video).toEqual(['beach.jpg', 'sunset.jpg']);
});

test('everything else goes to the agent, and `intent` lets a program skip the routing', async () => {
  await updatesOf(studio.say('add jazz music'));
  expect(chatsSent(emulator)).toBe(2);
  // "status" would be the state route; an edit tool that knows better says so
  const updates = await updatesOf(studio.say('change the title to "Status Report"', { intent: 'chat' }));
  expect(chatsSent(emulator)).toBe(3);
  expect(ofType(updates, 'text').at(-1)!.message).toBe('Done: changed the title to "Status Report".');
  await updatesOf(studio.chat('status'));
  expect(chatsSent(emulator)).toBe(4);
});

test("the Studio's routing options extend the table", async () => {
  const custom = new Studio(nv, { sessionId: studio.sessionId, timings: FAST, routing: { keywords: { export: ['render'] } } });
  expect(ofType(await updatesOf(custom.say('render')), 'result')).toMatchObject([{ kind: 'export' }]);
  expect(chatsSent(emulator)).toBe(1);
});

test('leaving the loop of an export early cancels the render rather than orphaning it', async () => {
  const slow = studioSetup({ renderMs: 60_000 });
  const mine = new Studio(slow.nv, { timings: FAST });
  await updatesOf(mine.say(GENERATE));
  for await (const update of mine.say('export')) if (update.type === 'progress') break;
  await vi.waitFor(() => expect(slow.emulator.requests.filter((r) => r.path.endsWith('/cancel'))).toHaveLength(1));
});
