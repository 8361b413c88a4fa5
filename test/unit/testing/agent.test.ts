import { describe, expect, test } from 'vitest';
import { createAgent, type AgentSession } from '../../../src/testing/agent/agent.js';
import { readIntent } from '../../../src/testing/agent/intent.js';
import { createRandom } from '../../../src/testing/random.js';
import type { TextSegment, VisualSegment, WireDraft } from '../../../src/testing/index.js';
import { SCRIPT } from '../helpers/emulator.js';

const agent = (silentEditRate = 0.3, seed = 1) => createAgent({ silentEditRate, random: createRandom(seed), ids: createRandom(seed + 1) });
const empty: AgentSession = { draft: undefined, media: [] };
const segments = (draft: WireDraft) => draft.t.flatMap((t) => t.sg);
const texts = (draft: WireDraft, role: TextSegment['role']) => segments(draft).filter((s): s is TextSegment => (s as TextSegment).role === role);

function generate(message: string, session: AgentSession = empty): WireDraft {
  const reply = agent().reply(message, session);
  expect(reply.kind).toBe('generate');
  return reply.draft!;
}

describe('reading messages', () => {
  test.each([
    ['generate a 30-second video from this script: Hello there.', 'generate'],
    ['generate a 30-second video from this text script with background visuals', 'generate'],
    ['make a video about coffee roasting', 'generate'],
    ['Create a short vertical video: one. two.', 'generate'],
    ['生成一个30秒的视频：城市从不睡觉。', 'generate'],
    ['add lo-fi BGM', 'edit'],
    ['make it 15 seconds', 'edit'],
    ['vertical 9:16', 'edit'],
    ['square', 'edit'],
    ['change the title to "Urban Dreams"', 'edit'],
    ['标题改为 城市之夜', 'edit'],
    ['添加轻松的背景音乐', 'edit'],
    ['what can you do?', 'chat'],
  ])('%s → %s', (message, kind) => {
    expect(readIntent(message).kind).toBe(kind);
  });

  test('edits in one message are all read, and a title keeps its own words', () => {
    expect(readIntent('add jazz music and make it 20 seconds, vertical 9:16')).toEqual({
      kind: 'edit',
      edits: [
        { kind: 'music', name: 'Jazz' },
        { kind: 'duration', seconds: 20 },
        { kind: 'aspect', aspect: '9:16' },
      ],
    });
    expect(readIntent('change the title to 10 square miles')).toEqual({ kind: 'edit', edits: [{ kind: 'title', text: '10 square miles' }] });
  });
});

describe('generating', () => {
  test('the spec example: a scene and a caption per sentence over 30 s, title in the first 3 s, BGM at 35%', () => {
    const draft = generate(`generate a 30-second video from this script: ${SCRIPT}`);
    expect(draft.d).toBe(30_000);
    expect(draft.m).toEqual({ title: 'Cities never sleep', width: 1920, height: 1080, aspect: '16:9' });
    expect(draft.t.map((t) => t.tt)).toEqual([0, 1, 7, 7]);
    const scenes = draft.t[0]!.sg as VisualSegment[];
    expect(scenes.map((s) => [s.start, s.d])).toEqual([
      [0, 7_500],
      [7_500, 7_500],
      [15_000, 7_500],
      [22_500, 7_500],
    ]);
    expect(scenes.every((s) => s.kind === 'background' && /^#[0-9a-f]{6}$/.test(s.color!) && s.label)).toBe(true);
    expect(new Set(scenes.map((s) => s.color)).size).toBe(4);
    expect(texts(draft, 'caption').map((s) => [s.start, s.d])).toEqual(scenes.map((s) => [s.start, s.d]));
    expect(texts(draft, 'title')).toEqual([expect.objectContaining({ start: 0, d: 3_000, text: 'Cities never sleep' })]);
    expect(draft.t[1]!.sg).toEqual([expect.objectContaining({ start: 0, d: 30_000, volume: 0.35 })]);
  });

  test('duration: "N seconds", "N秒", else from the script length (words / 2.5 s, 5 to 60 s), else 30 s', () => {
    expect(generate('generate a 12 seconds video from this script: One. Two.').d).toBe(12_000);
    expect(generate('生成一个15秒的视频：城市从不睡觉。灯光闪烁。').d).toBe(15_000);
    expect(generate(`generate a video from this script: ${'word '.repeat(50)}`).d).toBe(20_000);
    expect(generate('generate a video from this script: Hi.').d).toBe(5_000);
    expect(generate('make a video about tea').d).toBe(30_000);
  });

  test('a quoted title wins over the first sentence; the shape and music can be asked for', () => {
    const draft = generate('generate a vertical video titled "Night Shift" with jazz music from this script: The city hums. Trains run late.');
    expect(draft.m).toEqual({ title: 'Night Shift', width: 1080, height: 1920, aspect: '9:16' });
    expect(draft.t[1]!.sg[0]).toMatchObject({ name: 'Jazz' });
  });

  test('"make a video about X" writes three scenes about X', () => {
    expect(texts(generate('make a video about coffee roasting'), 'caption').map((s) => s.text)).toEqual([
      'Coffee roasting.',
      'A closer look at coffee roasting.',
      'Why coffee roasting matters.',
    ]);
  });

  test('Chinese scripts split on Chinese punctuation', () => {
    const draft = generate('生成一个30秒的视频：城市从不睡觉。灯光闪烁！人们赶末班车？');
    expect(texts(draft, 'caption').map((s) => s.text)).toEqual(['城市从不睡觉。', '灯光闪烁！', '人们赶末班车？']);
    expect(draft.m.title).toBe('城市从不睡觉');
  });

  test('generation costs 100 and streams a generate_video_with_seedance call', () => {
    const reply = agent().reply(`generate a video from this script: ${SCRIPT}`, empty);
    expect(reply.cost).toBe(100);
    expect(reply.tool?.name).toBe('generate_video_with_seedance');
    expect(reply.intro && reply.summary).toBeTruthy();
  });
});

describe('editing', () => {
  const base = () => generate(`generate a 30-second video from this script: ${SCRIPT}`);
  const edit = (message: string, draft = base(), rate = 0) => agent(rate).reply(message, { draft, media: [] });

  test('"make it 15 seconds" rescales every segment; the title stays in the first 3 s', () => {
    const reply = edit('make it 15 seconds');
    const draft = reply.draft!;
    expect(reply.cost).toBe(50);
    expect(draft.d).toBe(15_000);
    expect(draft.t[0]!.sg.map((s) => [s.start, s.d])).toEqual([
      [0, 3_750],
      [3_750, 3_750],
      [7_500, 3_750],
      [11_250, 3_750],
    ]);
    expect(texts(draft, 'title')[0]).toMatchObject({ start: 0, d: 3_000 });
    expect(draft.t[1]!.sg[0]).toMatchObject({ start: 0, d: 15_000 });
  });

  test('aspect ratios set the frame size', () => {
    expect(edit('vertical 9:16').draft!.m).toMatchObject({ aspect: '9:16', width: 1080, height: 1920 });
    expect(edit('make it square').draft!.m).toMatchObject({ aspect: '1:1', width: 1080, height: 1080 });
    expect(edit('16:9 please', edit('vertical').draft!).draft!.m).toMatchObject({ aspect: '16:9', width: 1920, height: 1080 });
  });

  test('music replaces the bed under the whole video; the title changes in the segment and the metadata', () => {
    expect(edit('add lo-fi BGM').draft!.t[1]!.sg).toEqual([expect.objectContaining({ name: 'Lo-fi', volume: 0.35, start: 0, d: 30_000 })]);
    const titled = edit('change the title to "Urban Dreams"').draft!;
    expect(texts(titled, 'title')[0]!.text).toBe('Urban Dreams');
    expect(titled.m.title).toBe('Urban Dreams');
  });

  test('the original draft is never changed', () => {
    const draft = base();
    const copy = structuredClone(draft);
    edit('make it 10 seconds, vertical, add jazz music, change the title to X', draft);
    expect(draft).toEqual(copy);
  });

  test('an edit with nothing on the timeline is a free answer, not a tool call', () => {
    const reply = agent().reply('add lo-fi BGM', empty);
    expect(reply).toMatchObject({ kind: 'chat', cost: 0 });
    expect(reply.tool).toBeUndefined();
  });

  test('about 30% of edits are silent by default, and the same seed picks the same ones', () => {
    const run = (seed: number) => {
      const a = agent(0.3, seed);
      const draft = base();
      return Array.from({ length: 400 }, () => a.reply('add lo-fi BGM', { draft, media: [] }).summary === undefined);
    };
    const silent = run(11);
    const share = silent.filter(Boolean).length / silent.length;
    expect(share).toBeGreaterThan(0.24);
    expect(share).toBeLessThan(0.36);
    expect(run(11)).toEqual(silent);
    expect(run(12)).not.toEqual(silent);
  });
});

test('a script that opens with its quoted title uses it as the title, not as a scene', () => {
  const draft = generate('generate a 12-second video from this script: "Urban Dreams". Cities never sleep. Lights flicker on.');
  expect(texts(draft, 'title').map((s) => s.text)).toEqual(['Urban Dreams']);
  expect(texts(draft, 'caption').map((s) => s.text)).toEqual(['Cities never sleep.', 'Lights flicker on.']);
});

test('a ratio before the script is read as the shape, not as where the script starts', () => {
  const reply = agent().reply('generate an 8-second 9:16 video from this script: A lighthouse at dawn. Waves roll in.', empty);
  expect(reply.draft!.m.aspect).toBe('9:16');
  expect(texts(reply.draft!, 'caption').map((s) => s.text)).toEqual(['A lighthouse at dawn.', 'Waves roll in.']);
  expect(reply.intro).toMatch(/^Generating an 8-second 9:16 video/);
});
