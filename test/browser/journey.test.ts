/**
 * The whole journey with the built bundle in real Chromium, over real HTTP (CORS) to the emulator server:
 * anonymous token → session → chat stream → upload of a File → state → export → download of the MP4.
 */
import { describe, expect, inject, it } from 'vitest';
import { pngFile, recordingFetch, sdk, type Sdk } from './sdk.js';

const { NemoVideo, summarizeTimeline, VERSION } = sdk;
const baseURL = inject('emulatorUrl');
const SCRIPT =
  'generate a 10-second video from this script: "Night Shift". The city hums. Neon signs wake up. Morning waits.';

describe('the built bundle in Chromium', () => {
  it('runs in a real browser page, not Node', () => {
    expect(typeof window).toBe('object');
    expect(navigator.userAgent).toMatch(/Chrome/);
    expect((globalThis as { process?: unknown }).process).toBeUndefined();
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('loads the SDK from dist/, not from src/', () => {
    const loaded = performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
    expect(loaded.some((path) => path.endsWith('/dist/index.js'))).toBe(true);
    expect(loaded.filter((path) => path.includes('/src/'))).toEqual([]);
  });

  it('token → session → chat → upload → state → export → download', async () => {
    const recorder = recordingFetch();
    const nv = new NemoVideo({ baseURL, fetch: recorder.fetch });
    const paths = () => recorder.urls.map((url) => new URL(url).pathname);

    // The anonymous token is acquired lazily: making the client sends nothing.
    expect(recorder.urls).toEqual([]);
    const session = await nv.sessions.create();
    expect(session.id).toBeTruthy();
    expect(paths()[0]).toBe('/api/auth/anonymous-token');
    expect(paths().filter((p) => p === '/api/auth/anonymous-token')).toHaveLength(1);
    const { available } = await nv.credits.balance();
    expect(available).toBeGreaterThan(0);

    // Chat: the SSE stream through fetch in the page.
    const events: Sdk.ChatEvent[] = [];
    for await (const event of nv.chat.stream(session.id, SCRIPT)) events.push(event);
    const types = new Set(events.map((e) => e.type));
    expect(types).toContain('text');
    expect(types).toContain('tool_call');
    const last = events.at(-1);
    expect(last).toEqual({ type: 'done', hadText: true });
    const finals = events.filter((e): e is Extract<Sdk.ChatEvent, { type: 'text' }> => e.type === 'text' && !e.partial);
    expect(finals.map((e) => e.text).join(' ')).not.toBe('');

    // Upload a File made in the page.
    const file = await pngFile('cover.png', 64, 36);
    const progress: Sdk.UploadProgress[] = [];
    const uploaded = await nv.uploads.create(session.id, { file }, { onProgress: (p) => progress.push(p) });
    expect(uploaded.files).toHaveLength(1);
    expect(uploaded.files[0]).toMatchObject({ filename: 'cover.png', type: 'image' });
    expect(uploaded.files[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toEqual({ loaded: 0, total: file.size });
    expect(progress.at(-1)).toEqual({ loaded: file.size, total: file.size });

    // State: the draft the agent built, summarized by the bundle's helper.
    const { draft } = await nv.state.get(session.id);
    expect(draft?.tracks.length).toBeGreaterThan(0);
    const summary = summarizeTimeline(draft);
    expect(summary).toMatch(/^Timeline \(\d+ tracks?\): 1\. /);
    expect(summary).toContain('Night Shift');

    // Export, polling fast, and download the MP4 through the client.
    const statuses: Sdk.RenderStatus[] = [];
    const { url, renderId } = await nv.export(session.id, { interval: 100, onProgress: (s) => statuses.push(s) });
    expect(renderId).toBeTruthy();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(statuses.at(-1)).toMatchObject({ status: 'completed', progress: 100 });

    const body = await nv.download(url);
    const bytes = new Uint8Array(await new Response(body).arrayBuffer());
    expect(bytes.byteLength).toBeGreaterThan(100);
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('ftyp');

    // One anonymous token for the whole journey.
    expect(paths().filter((p) => p === '/api/auth/anonymous-token')).toHaveLength(1);
  });
});
