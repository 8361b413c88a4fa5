/**
 * examples/browser as a person uses it: Vite builds the page (with the package's built ESM bundle, so
 * `npm run build` first) and serves it on 127.0.0.1; the Chromium of test/chromium.ts, driven by playwright, types
 * a script, clicks, and watches the stream, the progress bar and the <video>, against the emulator server rendering
 * real H.264 with ffmpeg. Requests to anything but 127.0.0.1 are blocked and must not happen.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM } from '../chromium.js';
import { callsTo, PATHS, useEmulatorServer } from './helpers/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_ROOT = join(ROOT, 'examples/browser');

// Real renders, at a quarter of 1080p to keep ffmpeg quick on two cores; 1 s of render "work", polled every 200 ms.
const server = useEmulatorServer({ render: 'ffmpeg', renderScale: 0.25, renderMs: 1_000, credits: 1_000, silentEditRate: 0 });

let work: string;
let site: PreviewServer;
let browser: Browser;
let page: Page;
const blocked: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('The page imports the built package: run `npm run build` first.');
  work = await mkdtemp(join(tmpdir(), 'nemo-examples-browser-'));
  const outDir = join(work, 'site');
  // The production build a user would deploy; configFile false: the example needs no Vite config.
  await build({ root: PAGE_ROOT, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  site = await preview({ root: PAGE_ROOT, configFile: false, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  browser = await chromium.launch(CHROMIUM);
  const context = await browser.newContext({ viewport: { width: 900, height: 1100 } });
  // Nothing leaves the machine: any request to another host is aborted and recorded (and fails the test).
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1') return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (site ? site.httpServer.close(() => done()) : done()));
  if (work) await rm(work, { recursive: true, force: true });
});

it('script → live chat → progress to 100% → a <video> that plays the rendered MP4', async () => {
  const pageUrl = `${site.resolvedUrls!.local[0]!}?api=${encodeURIComponent(server.url)}&poll=200`;
  await page.goto(pageUrl);
  await expect.poll(() => page.textContent('#api')).toBe(`API: ${server.url}`);
  expect(await page.evaluate(() => document.createElement('video').canPlayType('video/mp4; codecs="avc1.42E01E"'))).toBe('probably');

  // Every state the agent's panel goes through, to see the text grow as it streams in.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { chatStates: string[] }).chatStates = []);
    const chat = document.querySelector('#chat')!;
    new MutationObserver(() => seen.push(chat.querySelector('p')?.textContent ?? '')).observe(chat, { subtree: true, childList: true, characterData: true });
  });
  await page.fill('#script', '"Harbor Lights". Boats sway at night. A bell rings twice. The tide comes in.');
  await page.click('#make');

  // The agent's words arrive while the turn runs (partial text, then the final message), then the timeline.
  await page.waitForFunction(() => document.querySelector('#chat')!.textContent!.includes('Generating'), undefined, { timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector('#chat')!.textContent!.includes('Timeline ('), undefined, { timeout: 20_000 });
  const chat = await page.textContent('#chat');
  const first = await page.textContent('#chat p');
  const states = await page.evaluate(() => (window as unknown as { chatStates: string[] }).chatStates);
  const growing = states.filter((text) => text && text !== first && first!.startsWith(text));
  expect(growing.length, 'partial states of the first message').toBeGreaterThanOrEqual(2);
  expect(chat).toContain('generate_video_with_seedance'); // the tool hint
  expect(chat).toContain('Title: "Harbor Lights"');

  // The bar reaches 100, then the downloaded MP4 is decoded by Chromium: metadata and a first frame.
  await page.waitForFunction(() => (document.querySelector('#progress') as HTMLProgressElement).value === 100, undefined, { timeout: 40_000 });
  await page.waitForFunction(() => (document.querySelector('#video') as HTMLVideoElement).readyState >= 2, undefined, { timeout: 20_000 });
  expect(await page.textContent('#percent')).toBe('100%');
  expect(await page.getAttribute('#status', 'data-state')).toBe('done');

  const video = await page.$eval('#video', (v: HTMLVideoElement) => ({ src: v.src, duration: v.duration, width: v.videoWidth, height: v.videoHeight, error: v.error?.code }));
  expect(video.src).toMatch(/^blob:/);
  expect(video.error).toBeUndefined();
  expect([video.width, video.height]).toEqual([480, 270]); // 16:9 at renderScale 0.25

  // Its length is the draft's, as the emulator holds it for the session the page worked on (the one whose
  // state the page read: its only session).
  expect(callsTo(server.emulator, PATHS.createSession)).toHaveLength(1);
  const stateCall = server.emulator.requests.find((r) => r.path.startsWith('/api/state/'));
  const sessionId = stateCall!.path.split('/')[5]!;
  const draftSeconds = server.emulator.draftOf(sessionId)!.d! / 1000;
  expect(Math.abs(video.duration - draftSeconds)).toBeLessThanOrEqual(0.1);

  // It actually plays: time moves (muted, since a headless page may not start audible playback by itself).
  await page.$eval('#video', (v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await page.waitForFunction(() => (document.querySelector('#video') as HTMLVideoElement).currentTime > 0.2, undefined, { timeout: 10_000 });

  if (process.env.NEMO_SCREENSHOT) await page.screenshot({ path: process.env.NEMO_SCREENSHOT, fullPage: true });

  expect(blocked).toEqual([]);
  expect(pageErrors).toEqual([]);
});
