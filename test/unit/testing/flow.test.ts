import { describe, expect, test } from 'vitest';
import type { ChatEvent } from '../../../src/index.js';
import { tinyMp4 } from '../../../src/testing/index.js';
import { mp4DurationMs } from '../../../src/testing/mp4-duration.js';
import { callsTo, emulated, EMULATOR_URL, SCRIPT } from '../helpers/emulator.js';
import { collect } from '../helpers/sse.js';

const EDITS = ['add lo-fi BGM', 'change the title to Urban Dreams', 'make it 15 seconds', 'vertical 9:16', 'add jazz music', 'square', 'make it 20 seconds', '16:9'];

const texts = (events: ChatEvent[], partial = false) => events.filter((e) => e.type === 'text' && e.partial === partial).map((e) => (e as { text: string }).text);

/** Runs every edit on a fresh emulator with `seed` and tells which ones ended without any text. */
async function silentPattern(seed: number): Promise<boolean[]> {
  const { nv } = emulated({ seed, credits: 10_000 });
  const session = await nv.sessions.create();
  await nv.chat.stream(session.id, `generate a 30-second video from this script: ${SCRIPT}`).finalText();
  const pattern: boolean[] = [];
  for (const edit of EDITS) {
    const events = await collect(nv.chat.stream(session.id, edit));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['tool_call', 'tool_result', 'done']));
    pattern.push(texts(events).length === 0);
  }
  return pattern;
}

describe('the real SDK against the emulator, end to end', () => {
  test('anonymous token → session → generate → upload → edits → credits → export → download', async () => {
    const { nv, emulator, clock } = emulated({ credits: 1_000 });

    // Token and session: the client gets its anonymous token on the first call by itself.
    const session = await nv.sessions.create();
    expect(session.id).toMatch(/^[1-9]\d{18}$/);
    expect(session.userId).toMatch(/^anon_/);
    expect(callsTo(emulator, '/api/auth/anonymous-token')).toHaveLength(1);

    // Generate: text, the generation tool's call and result, keep-alives, then the final summary.
    const events = await collect(nv.chat.stream(session.id, `generate a 30-second video from this script: ${SCRIPT}`));
    const kinds = events.map((e) => e.type);
    expect(kinds.indexOf('tool_call')).toBeGreaterThan(kinds.indexOf('text'));
    expect(kinds.indexOf('tool_result')).toBeGreaterThan(kinds.indexOf('tool_call'));
    expect(kinds.lastIndexOf('text')).toBeGreaterThan(kinds.indexOf('tool_result'));
    expect(kinds).toContain('heartbeat');
    expect(events.find((e) => e.type === 'tool_call')).toMatchObject({ name: 'generate_video_with_seedance', args: { duration: 30 } });
    expect(texts(events, true)).toEqual([]); // no `streaming` asked: only final events
    expect(events.at(-1)).toEqual({ type: 'done', hadText: true });

    // State: the timeline the agent built.
    const { draft } = await nv.state.get(session.id);
    expect(draft?.durationMs).toBe(30_000);
    expect(draft?.metadata).toMatchObject({ title: 'Cities never sleep', width: 1920, height: 1080 });
    const video = draft!.tracks.find((t) => t.type === 'video')!;
    const captions = draft!.tracks.flatMap((t) => t.segments).filter((s) => s.role === 'caption');
    expect(video.segments).toHaveLength(4);
    expect(captions.map((s) => s.text)).toEqual(['Cities never sleep.', 'Lights flicker across the skyline.', 'People rush to catch the last train.', 'Morning comes again.']);
    expect(draft!.tracks.find((t) => t.type === 'audio')!.segments).toEqual([expect.objectContaining({ volume: 0.35, start: 0, d: 30_000 })]);

    // Upload a Blob: the emulator parses the multipart body, reads the MP4's header and puts it on the timeline.
    const uploaded = await nv.uploads.create(session.id, { file: new Blob([tinyMp4() as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }), filename: 'clip.mp4' });
    expect(uploaded.sessionStateApplied).toBe(true);
    expect(uploaded.files[0]).toMatchObject({ filename: 'clip.mp4', type: 'video', duration: 1, width: 64, height: 36, fps: 1 });
    expect(uploaded.files[0]!.url).toMatch(new RegExp(`^${EMULATOR_URL}/files/up_\\w+\\.mp4$`));
    const afterUpload = (await nv.state.get(session.id)).draft!;
    expect(afterUpload.tracks.find((t) => t.type === 'video')!.segments.at(-1)).toMatchObject({ kind: 'video', url: uploaded.files[0]!.url });
    const served = new Uint8Array(await new Response(await nv.download(uploaded.files[0]!.url!)).arrayBuffer());
    expect(served).toEqual(tinyMp4());

    // Edits change the timeline; each costs 50 credits, the generation cost 100.
    for (const edit of ['add lo-fi BGM', 'change the title to Urban Dreams', 'make it 15 seconds', 'vertical 9:16']) {
      await collect(nv.chat.stream(session.id, edit));
    }
    const edited = (await nv.state.get(session.id)).draft!;
    expect(edited.durationMs).toBe(15_000);
    expect(edited.metadata).toMatchObject({ title: 'Urban Dreams', width: 1080, height: 1920, aspect: '9:16' });
    expect(edited.tracks.find((t) => t.type === 'audio')!.segments).toEqual([expect.objectContaining({ name: 'Lo-fi', volume: 0.35, d: 15_000 })]);
    expect(await nv.credits.balance()).toEqual({ available: 1_000 - 100 - 4 * 50, frozen: 0, total: 700 });

    // Export on the manual clock: every poll moves it a second, so the 4 s render completes on the 5th poll.
    const seen: string[] = [];
    const result = await nv.export(session.id, {
      interval: 1,
      onProgress: (s) => {
        seen.push(`${s.status}:${s.progress}`);
        clock.advance(1_000);
      },
    });
    expect(seen[0]).toBe('pending:5');
    expect(seen.at(-1)).toBe('completed:100');
    const progress = seen.map((s) => Number(s.split(':')[1]));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(seen.some((s) => s.startsWith('processing:'))).toBe(true);
    expect(result.url).toBe(`${EMULATOR_URL}/files/${result.renderId}.mp4`);
    expect(await nv.credits.balance()).toMatchObject({ available: 700 }); // export is free

    // Download: a real MP4 (an `ftyp` box first) lasting as long as the draft.
    const bytes = new Uint8Array(await new Response(await nv.download(result.url)).arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('ftyp');
    expect(mp4DurationMs(bytes)).toBe(15_000);
  });

  test('streaming: true sends partial deltas before each final text, and the deltas add up to it', async () => {
    const { nv } = emulated();
    const session = await nv.sessions.create();
    const events = await collect(nv.chat.stream(session.id, `generate a video from this script: ${SCRIPT}`, { partial: true }));
    const finals = texts(events);
    expect(finals).toHaveLength(2);
    const deltas = texts(events, true);
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe(finals.join(''));
  });

  test('a share of edits closes with no text; the pattern is fixed by the seed', async () => {
    const first = await silentPattern(3);
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await silentPattern(3)).toEqual(first);
  });

  test('a silent edit still changes the timeline, and finalText() is empty', async () => {
    const { nv } = emulated({ silentEditRate: 1, credits: 1_000 });
    const session = await nv.sessions.create();
    await nv.chat.stream(session.id, `generate a video from this script: ${SCRIPT}`).finalText();
    const stream = nv.chat.stream(session.id, 'change the title to Quiet Hours');
    expect(await stream.finalText()).toBe('');
    expect((await nv.state.get(session.id)).draft?.metadata).toMatchObject({ title: 'Quiet Hours' });
  });

  test('the same client id gets a new token for the same user, whose credits stay spent', async () => {
    const { nv, client } = emulated({}, { clientId: 'install-1' });
    const session = await nv.sessions.create();
    await nv.chat.stream(session.id, `generate a video from this script: ${SCRIPT}`).finalText();
    const again = await client().auth.anonymousToken({ clientId: 'install-1' });
    expect(again.userId).toBe(session.userId);
    expect(again.credits).toBe(0);
    const other = await client().auth.anonymousToken({ clientId: 'install-2' });
    expect(other.userId).not.toBe(session.userId);
    expect(other.credits).toBe(100);
  });

  test('claim links name a one-time claim token, never the bearer token', async () => {
    const { nv } = emulated();
    const session = await nv.sessions.create();
    const link = await nv.auth.claimLink({ taskId: session.taskId!, sessionId: session.id });
    expect(link.url).toMatch(/^https:\/\/nemovideo\.com\/workspace\/claim\?ct=clm_\w+$/);
    expect(link.expiresIn).toBe(604_800);
  });

  test('uploads by URL are added without any network access', async () => {
    const { nv } = emulated();
    const session = await nv.sessions.create();
    const result = await nv.uploads.fromUrls(session.id, ['https://cdn.example/a/cover.png', 'https://cdn.example/b/intro.mov']);
    expect(result.files.map((f) => [f.filename, f.type, f.url])).toEqual([
      ['cover.png', 'image', 'https://cdn.example/a/cover.png'],
      ['intro.mov', 'video', 'https://cdn.example/b/intro.mov'],
    ]);
    const { draft } = await nv.state.get(session.id);
    expect(draft?.tracks[0]?.segments.map((s) => s.kind)).toEqual(['image', 'video']);
  });

  test('generation uses uploaded pictures for the first scenes', async () => {
    const { nv } = emulated();
    const session = await nv.sessions.create();
    await nv.uploads.fromUrls(session.id, ['https://cdn.example/cover.png']);
    await nv.chat.stream(session.id, `generate a 20-second vertical video from this script: ${SCRIPT}`).finalText();
    const { draft } = await nv.state.get(session.id);
    expect(draft?.durationMs).toBe(20_000);
    expect(draft?.metadata).toMatchObject({ aspect: '9:16', width: 1080, height: 1920 });
    expect(draft?.tracks[0]?.segments.map((s) => s.kind)).toEqual(['image', 'background', 'background', 'background']);
  });
});

describe('ids', () => {
  const firstSession = async (seed?: number) => (await emulated(seed === undefined ? {} : { seed }).nv.sessions.create()).id;

  test('every emulator hands out session ids of its own', async () => {
    const ids = await Promise.all([firstSession(), firstSession(), firstSession()]);
    expect(new Set(ids).size).toBe(3);
  });

  test('a given seed makes the ids reproducible', async () => {
    expect(await firstSession(7)).toBe(await firstSession(7));
  });
});
