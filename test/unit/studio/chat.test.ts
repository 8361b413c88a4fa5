import { describe, expect, test } from 'vitest';
import { NemoVideo } from '../../../src/index.js';
import { Studio, type StudioUpdate } from '../../../src/studio/index.js';
import { SCRIPT_TIP, scriptWords } from '../../../src/studio/script-tip.js';
import { chatsSent, FAST, GENERATE, ofType, STUDIO_URL, studioSetup, updatesOf } from '../helpers/studio.js';

const isState = (request: Request) => request.method === 'GET' && new URL(request.url).pathname.startsWith('/api/state/');

/** An ADK stream of `texts`, as /run_sse sends it. */
const agentSays = (...texts: string[]) =>
  new Response(texts.map((text) => `data: ${JSON.stringify({ author: 'nemo_agent', content: { role: 'model', parts: [{ text }] } })}\n\n`).join(''), {
    headers: { 'Content-Type': 'text/event-stream' },
  });

test("the agent's text is GUI-translated; its pointers become a timeline summary and an export offer", async () => {
  const { nv } = studioSetup();
  const updates = await updatesOf(new Studio(nv, { timings: FAST }).say(GENERATE));
  const texts = ofType(updates, 'text').map((u) => u.message);
  expect(texts.at(-1)).toMatch(/Review the timeline summary, then export to download the MP4\.$/);
  for (const update of updates) expect(update.message).not.toMatch(/\bclick|button\b|preview it/i);
  const after = updates.slice(updates.map((u) => u.type).lastIndexOf('text') + 1);
  expect(after.map((u) => u.type)).toEqual(['timeline', 'offer']);
  expect(after[0]!.message).toMatch(/^Timeline \(4 tracks\)/);
  expect(after[1]).toEqual({ type: 'offer', action: 'export', message: 'Say "export" to render the MP4.' });
});

test('autoExport: the Export button the agent points at is pressed for real', async () => {
  const { nv } = studioSetup();
  const updates = await updatesOf(new Studio(nv, { timings: FAST, autoExport: true }).say(GENERATE));
  expect(ofType(updates, 'offer')).toEqual([]);
  expect(updates.at(-1)).toMatchObject({ type: 'result', kind: 'export', url: expect.stringMatching(/\.mp4$/) });
});

test('every GUI phrase in a reply: open → state, drag → edit in words, click → a reply to offer; never a button', async () => {
  const { nv } = studioSetup(
    {},
    {
      wrap: (request, next) =>
        new URL(request.url).pathname === '/run_sse'
          ? Promise.resolve(agentSays('Open the Media panel to check your clips.', 'Drag the logo to the corner, then click Apply.', '点击上传按钮添加素材'))
          : next(request),
    },
  );
  const updates = await updatesOf(new Studio(nv, { timings: FAST }).say('put the logo in the corner'));
  expect(ofType(updates, 'text').map((u) => u.message)).toEqual([
    'Check the project status to check your clips.',
    'Ask me to move the logo to the corner, then say "Apply".',
    '上传添加素材',
  ]);
  expect(ofType(updates, 'timeline')).toHaveLength(1);
  expect(ofType(updates, 'offer').map((o) => [o.action, o.reply])).toEqual([
    ['upload', undefined],
    ['reply', 'Apply'],
  ]);
  // The same offer as saying "upload" without files.
  expect(ofType(updates, 'offer')[0]!.message).toBe('Send the files to upload with your message (mp4, mov, png, jpg… up to 200 MB).');
});

test('tool calls stay internal: a "Working: <tool>" status, never their arguments', async () => {
  const { nv } = studioSetup();
  const updates = await updatesOf(new Studio(nv, { timings: FAST }).say(GENERATE));
  expect(ofType(updates, 'status')).toContainEqual({ type: 'status', message: 'Working: generate_video_with_seedance', tool: 'generate_video_with_seedance' });
  expect(updates.some((u) => /aspect_ratio|"prompt"/.test(u.message))).toBe(false);
});

test('"⏳ Still working…" after each quiet stretch of timings.stillWorkingAfter', async () => {
  const { nv } = studioSetup({ workMs: 80, keepAliveMs: 5 });
  const updates = await updatesOf(new Studio(nv, { timings: { ...FAST, stillWorkingAfter: 15 } }).say(GENERATE));
  const still = ofType(updates, 'still_working');
  expect(still.length).toBeGreaterThanOrEqual(2);
  expect(still.every((u) => u.message === '⏳ Still working…' && u.elapsedMs > 0)).toBe(true);
});

test('a turn that ends without a word: the state is read and the change is said', async () => {
  const { emulator, nv } = studioSetup({ silentEditRate: 1 });
  const studio = new Studio(nv, { timings: FAST });
  await updatesOf(studio.say(GENERATE));
  const updates = await updatesOf(studio.say('add jazz music and make it 5 seconds'));
  expect(ofType(updates, 'text')).toEqual([]);
  const [timeline] = ofType(updates, 'timeline');
  expect(timeline!.changes).toEqual(['duration 10s → 5s', 'BGM Ambient → Jazz']);
  expect(timeline!.message).toBe('Updated: duration 10s → 5s; BGM Ambient → Jazz');
  expect(timeline!.summary).toMatch(/BGM: Jazz \(0-5s, 35%\)/);
  expect(chatsSent(emulator)).toBe(2);
});

test('the change is judged against the state just before the message, not an older one', async () => {
  const { emulator } = studioSetup({ silentEditRate: 1 });
  const { token } = emulator.createUser({ credits: 10_000 });
  const client = () => new NemoVideo({ baseURL: STUDIO_URL, token, maxRetries: 0, fetch: (input, init) => emulator.handle(new Request(input, init)) });
  const mine = new Studio(client(), { timings: FAST });
  await updatesOf(mine.say(GENERATE));
  await updatesOf(mine.say('status'));
  // someone else (another tab, the web app) shortens the video in between
  await updatesOf(new Studio(client(), { sessionId: mine.sessionId, timings: FAST }).say('make it 5 seconds'));
  const [timeline] = ofType(await updatesOf(mine.say('add jazz music')), 'timeline');
  expect(timeline!.changes).toEqual(['BGM Ambient → Jazz']);
});

/**
 * A backend slow to apply edits: after each chat message, the next `staleReads` state reads still show the
 * timeline as it was before the message. Records when each state read came.
 */
function slowBackend() {
  const slow = { staleReads: 0, reads: [] as number[] };
  let last: string | undefined;
  let stale = 0;
  const setup = studioSetup(
    { silentEditRate: 1 },
    {
      wrap: async (request, next) => {
        if (new URL(request.url).pathname === '/run_sse') stale = slow.staleReads;
        if (!isState(request)) return next(request);
        slow.reads.push(performance.now());
        if (stale > 0 && last) {
          stale -= 1;
          return new Response(last, { headers: { 'Content-Type': 'application/json' } });
        }
        const response = await next(request);
        last = await response.clone().text();
        return response;
      },
    },
  );
  return { ...setup, slow };
}

test('a change that shows up late: checked at once, after firstPoll, then every pollEvery, until it shows', async () => {
  const { nv, slow } = slowBackend();
  const studio = new Studio(nv, { timings: { ...FAST, firstPoll: 30, pollEvery: 60, maxPolls: 5 } });
  await updatesOf(studio.say(GENERATE));
  slow.staleReads = 3;
  slow.reads.length = 0;
  const updates = await updatesOf(studio.say('add jazz music'));
  // the read before the message, then four after it: three stale, the fourth shows the change
  const [, ...after] = slow.reads;
  expect(after).toHaveLength(4);
  const gaps = after.slice(1).map((at, i) => at - after[i]!);
  expect(gaps[0]).toBeGreaterThanOrEqual(29);
  expect(gaps[1]).toBeGreaterThanOrEqual(59);
  expect(gaps[2]).toBeGreaterThanOrEqual(59);
  expect(updates.at(-1)).toMatchObject({ type: 'timeline', message: 'Updated: BGM Ambient → Jazz' });
});

test('no change after maxPolls checks: the user is told what to do, and the message is not sent again', async () => {
  const { emulator, nv, slow } = slowBackend();
  const studio = new Studio(nv, { timings: FAST });
  await updatesOf(studio.say(GENERATE));
  slow.staleReads = Infinity;
  slow.reads.length = 0;
  const updates = await updatesOf(studio.say('add jazz music'));
  expect(slow.reads).toHaveLength(1 + 1 + FAST.maxPolls!);
  expect(updates.at(-1)).toMatchObject({ type: 'remedy', kind: 'no_change', mayStillRun: true, message: expect.stringContaining('say "status" later') });
  expect(updates.at(-1)).not.toHaveProperty('recovering'); // the turn ends in it
  expect(chatsSent(emulator)).toBe(2);
});

describe("the service's tip on long scripts", () => {
  const LONG = `generate a 60-second video from this script: ${'The harbour wakes before the city does. '.repeat(9)}`;

  test('over 60 words: the tip comes before the message goes, and the message goes unchanged', async () => {
    const { emulator, nv } = studioSetup();
    const sent: string[] = [];
    const updates: StudioUpdate[] = [];
    for await (const update of new Studio(nv, { timings: FAST }).say(LONG)) {
      updates.push(update);
      if (update.message === SCRIPT_TIP) sent.push(...emulator.requests.filter((r) => r.path === '/run_sse').map((r) => r.path));
    }
    expect(scriptWords(LONG)).toBeGreaterThan(60);
    expect(ofType(updates, 'status').filter((u) => u.message === SCRIPT_TIP)).toEqual([{ type: 'status', message: SCRIPT_TIP, tip: 'long_script' }]);
    expect(sent).toEqual([]); // nothing was sent when the tip was shown
    expect(chatsSent(emulator)).toBe(1);
    expect(ofType(updates, 'text').length).toBeGreaterThan(0);
  });

  test('60 words or fewer, and edits: no tip', async () => {
    const { nv } = studioSetup();
    const studio = new Studio(nv, { timings: FAST });
    const updates = [...(await updatesOf(studio.say(GENERATE))), ...(await updatesOf(studio.say('add lo-fi BGM')))];
    expect(updates.map((u) => u.message)).not.toContain(SCRIPT_TIP);
  });

  test.each([
    ['generate a video from this script: Cities never sleep.', 3],
    ['make a video: one two three', 6],
    ['生成视频，脚本：城市从不睡觉', 6],
    ['根据这段话生成视频：城市从不睡觉', 15],
    ["script: it's a well-known fact", 4],
  ])('scriptWords(%j) is %i', (message, words) => {
    expect(scriptWords(message)).toBe(words);
  });
});
