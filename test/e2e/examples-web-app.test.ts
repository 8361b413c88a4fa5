/**
 * examples/web-app as it runs: Vite builds the page (with the package's built ESM bundle, so `npm run build`
 * first), `node examples/web-app/server.mjs` serves it and mounts the proxy, holding a registered token for the
 * emulator server behind it. The Chromium of test/chromium.ts, driven by playwright, is two people, each in a
 * browser context of their own (so each gets their own demo user cookie): Alice makes a video from a script and
 * an image, watches the agent's work arrive, reloads mid-render and gets the same render back; Bob tries to read
 * and change her session and render. Every request either page makes is recorded and checked for the token.
 *
 * The emulator runs on a manual clock, so a render stays half-done until the test moves the clock: the reload
 * happens mid-render by construction, not by timing.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manualClock } from '../../src/testing/index.js';
import { CHROMIUM } from '../chromium.js';
import { makeHome, startNode, type CliProcess } from './helpers/cli.js';
import { solidPng } from './helpers/png.js';
import { callsTo, PATHS, useEmulatorServer } from './helpers/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const RENDER_MS = 1_000;
const WORK_MS = 1_500;

const clock = manualClock();
// Real renders at a quarter of 1080p; each tool call of the agent works 1.5 s, so that a stream relayed as it
// comes shows its events that far apart, and a buffered one would not.
const server = useEmulatorServer({ clock, render: 'ffmpeg', renderScale: 0.25, renderMs: RENDER_MS, workMs: WORK_MS, silentEditRate: 0 });

/** What the test checks of every request a page made. */
interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

let work: string;
let app: CliProcess;
let appUrl: string;
let token: string;
let browser: Browser;
const seen: Array<Promise<SeenRequest>> = [];
const blocked: string[] = [];
/** What each person's page reported as an error, by name. */
const pageErrors: Record<string, string[]> = {};

/** A browser context of its own (a person: their own cookie jar), every request recorded, nothing off the machine. */
async function person(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1200 } });
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  context.on('request', (request: Request) => seen.push(record(request)));
  const page = await context.newPage();
  const errors = (pageErrors[name] = [] as string[]);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page };
}

async function record(request: Request): Promise<SeenRequest> {
  return {
    url: request.url(),
    method: request.method(),
    // Every header as sent, cookies and Authorization included.
    headers: await request.allHeaders(),
    body: request.postDataBuffer()?.toString('latin1') ?? '',
  };
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('The page imports the built package: run `npm run build` first.');
  work = await makeHome('nemo-examples-web-app-');
  const site = join(work, 'site');
  await build({ root: join(ROOT, 'examples/web-app'), configFile: false, logLevel: 'warn', build: { outDir: site, emptyOutDir: true } });

  // The server's account: a registered user's token, which must never reach a page.
  ({ token } = server.emulator.createUser({ credits: 10_000, anonymous: false }));
  app = startNode(join(ROOT, 'examples/web-app/server.mjs'), [], {
    home: work,
    env: { NEMO_TOKEN: token, NEMO_BASE_URL: server.url, PORT: '0', SITE_DIR: site },
  });
  appUrl = /Listening on (http:\/\/\S+)/.exec(await app.waitForStdout(/^Listening on /))![1]!;
  browser = await chromium.launch(CHROMIUM);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  app?.child.kill();
  await app?.done;
  if (work) await rm(work, { recursive: true, force: true });
});

/** The page's recorded update lines, with when each appeared. */
const linesOf = (page: Page) => page.evaluate(() => (window as unknown as { lines: Array<{ text: string; at: number }> }).lines);

it('script + image → the agent live → reload mid-render → the same render plays; Bob can neither read nor change it; no token in any request', { timeout: 240_000 }, async () => {
  const alice = await person('alice');
  const { page } = alice;
  await page.goto(`${appUrl}/?poll=200`);
  await page.evaluate(() => {
    const lines: Array<{ text: string; at: number }> = ((window as unknown as { lines: typeof lines }).lines = []);
    new MutationObserver((records) => {
      for (const r of records) for (const node of r.addedNodes) lines.push({ text: node.textContent ?? '', at: performance.now() });
    }).observe(document.querySelector('#updates')!, { childList: true });
  });

  await page.fill('#script', '"Harbor Lights". Boats sway at night. A bell rings twice. The tide comes in.');
  await page.setInputFiles('#image', { name: 'cover.png', mimeType: 'image/png', buffer: Buffer.from(solidPng(64, 36, [200, 80, 40])) });
  await page.click('#make');

  // The render has started (its id kept for a reload), and the page has polled it once through the proxy.
  const renderId = (await (await page.waitForFunction(() => sessionStorage.getItem('nemo.renderId'), undefined, { timeout: 60_000 })).jsonValue()) as string;
  await page.waitForFunction(() => document.querySelector('#percent')!.textContent === '5%', undefined, { timeout: 30_000 });
  const sessionId = (await page.evaluate(() => sessionStorage.getItem('nemo.sessionId')))!;
  expect(sessionId).toBeTruthy();

  // The image went up (the bar at 100) and into the video: the first scene is the uploaded picture.
  expect(await page.$eval('#upload', (bar: HTMLProgressElement) => bar.value)).toBe(100);
  expect(server.emulator.draftOf(sessionId)!.t[0]!.sg[0]).toMatchObject({ kind: 'image', label: 'cover.png' });

  // The agent's words arrived as it worked, one tool call's work apart: relayed event by event, not held back.
  const lines = await linesOf(page);
  const at = (prefix: string) => lines.find((l) => l.text.startsWith(prefix))?.at;
  const [intro, tool, summary] = [at('Generating'), at('Working: generate_video_with_seedance'), at('Your ')];
  expect([intro, tool, summary].every((t) => t !== undefined), JSON.stringify(lines)).toBe(true);
  expect(tool! - intro!).toBeGreaterThan(WORK_MS / 3);
  expect(summary! - tool!).toBeGreaterThan(WORK_MS / 3);

  // Mid-render, Bob (another browser, so another user) tries to cancel Alice's render: refused, nothing forwarded.
  const bob = await person('bob');
  await bob.page.goto(appUrl);
  const cancel = await bob.page.evaluate(
    (id) => fetch(`/api/nemo/api/render/proxy/lambda/${id}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status),
    renderId,
  );
  expect(cancel).toBe(403);

  // Reload mid-render: the page picks the same render up (one status poll after the reload), then it finishes.
  await page.reload();
  await page.waitForFunction((id) => document.querySelector('#updates')!.textContent!.includes(`Picking up render ${id}`), renderId, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('#percent')!.textContent === '5%', undefined, { timeout: 30_000 });
  clock.advance(RENDER_MS);
  await page.waitForFunction(() => document.querySelector('#status')!.getAttribute('data-state') === 'done', undefined, { timeout: 90_000 });
  await page.waitForFunction(() => (document.querySelector('#video') as HTMLVideoElement).readyState >= 2, undefined, { timeout: 30_000 });

  // One render submitted, never cancelled, and it is the one the video plays.
  expect(callsTo(server.emulator, PATHS.renders, { method: 'POST' })).toHaveLength(1);
  expect(server.emulator.requests.filter((r) => r.path.endsWith('/cancel'))).toEqual([]);
  expect(await page.evaluate(() => sessionStorage.getItem('nemo.renderId'))).toBeNull();
  const video = await page.$eval('#video', (v: HTMLVideoElement) => ({ src: v.src, duration: v.duration, width: v.videoWidth, error: v.error?.code }));
  expect(video.src).toContain(renderId);
  expect(video.error).toBeUndefined();
  expect(video.duration).toBeGreaterThan(0);
  expect(video.width).toBe(480); // 1920 × renderScale 0.25
  await page.$eval('#video', (v: HTMLVideoElement) => {
    v.muted = true; // a headless page may not start audible playback by itself
    return v.play();
  });
  await page.waitForFunction(() => (document.querySelector('#video') as HTMLVideoElement).currentTime > 0.2, undefined, { timeout: 15_000 });

  // Bob again, Alice idle now: every call naming her session or render is refused, and none reaches the API.
  const before = server.emulator.requests.length;
  const draft = server.emulator.draftOf(sessionId);
  const attempts = await bob.page.evaluate(
    async ({ sessionId, renderId, draft }) => {
      const json = { 'content-type': 'application/json' };
      const form = new FormData();
      form.append('files', new Blob(['x'], { type: 'image/png' }), 'x.png');
      const calls: Record<string, [string, RequestInit?]> = {
        readState: [`/api/nemo/api/state/nemo_agent/me/${sessionId}/latest`],
        chat: ['/api/nemo/run_sse', { method: 'POST', headers: json, body: JSON.stringify({ session_id: sessionId, new_message: { role: 'user', parts: [{ text: 'make it 5 seconds' }] } }) }],
        upload: [`/api/nemo/api/upload-video/nemo_agent/me/${sessionId}`, { method: 'POST', body: form }],
        render: ['/api/nemo/api/render/proxy/lambda', { method: 'POST', headers: json, body: JSON.stringify({ id: 'render_bob', sessionId, draft }) }],
        readRender: [`/api/nemo/api/render/proxy/lambda/${renderId}`],
        cancel: [`/api/nemo/api/render/proxy/lambda/${renderId}/cancel`, { method: 'POST', headers: json, body: '{}' }],
        download: [`/api/nemo/api/render/proxy/${renderId}/download`],
      };
      const statuses: Record<string, number> = {};
      for (const [name, [url, init]] of Object.entries(calls)) statuses[name] = (await fetch(url, init)).status;
      return statuses;
    },
    { sessionId, renderId, draft },
  );
  expect(attempts).toEqual({ readState: 403, chat: 403, upload: 403, render: 403, readRender: 403, cancel: 403, download: 403 });
  expect(server.emulator.requests.slice(before)).toEqual([]);

  // No request either page made carried the token: not in a header, the URL or the body. None carried any
  // Authorization at all; each went to the app itself, or fetched the rendered file from the service's CDN.
  const requests = await Promise.all(seen);
  // (The record holds the calls that matter, bodies included: the chat with its script, the upload.)
  expect(requests.find((r) => r.url === `${appUrl}/api/nemo/run_sse` && r.headers.cookie)?.body).toContain('Harbor Lights');
  expect(requests.some((r) => r.url === `${appUrl}/api/nemo/api/upload-video/nemo_agent/me/${sessionId}` && r.method === 'POST')).toBe(true);
  for (const request of requests) {
    expect(JSON.stringify(request), `${request.method} ${request.url}`).not.toContain(token);
    expect(request.headers.authorization, `${request.method} ${request.url}`).toBeUndefined();
    expect(request.url.startsWith(`${appUrl}/`) || request.url.startsWith(`${server.url}/files/`), request.url).toBe(true);
  }
  // Nor does the page keep it anywhere it could read.
  for (const { context, page: p } of [alice, bob]) {
    const stored = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(token);
    expect(JSON.stringify(await context.cookies())).not.toContain(token);
  }

  expect(blocked).toEqual([]);
  // Alice's page went without an error; Bob's logged only the refusals of his 8 attempts.
  expect(pageErrors.alice).toEqual([]);
  expect(pageErrors.bob).toEqual(Array(8).fill('Failed to load resource: the server responded with a status of 403 (Forbidden)'));
});

it('refuses a call with no user: 401, nothing forwarded', async () => {
  const before = server.emulator.requests.length;
  const response = await fetch(`${appUrl}/api/nemo/api/credits/balance/simple`);
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ code: 401 });
  expect(server.emulator.requests.slice(before)).toEqual([]);
});
