/// <reference types="vite/client" />
// The page of a web app whose server holds the NemoVideo account (server.mjs): script and image in, the agent's
// work shown as it happens, render progress, then the MP4 in a <video>. A reload mid-render picks the same
// render up again. The page has no token: every call goes to this app's own /api/nemo, the proxy.
import { NemoVideo, proxyAuth } from 'nemo-video';
import { Studio, type StudioUpdate } from 'nemo-video/studio';

// What survives a reload (sessionStorage: this tab only): the project, and a render still running.
const SESSION_KEY = 'nemo.sessionId';
const RENDER_KEY = 'nemo.renderId';

const nv = new NemoVideo({ baseURL: `${location.origin}/api/nemo`, authStrategy: proxyAuth() });
// How often to check a render: the service asks for 30 s (the default); `?poll=200` suits an emulator.
const renderInterval = Number(new URLSearchParams(location.search).get('poll')) || undefined;
const studio = new Studio(nv, { sessionId: sessionStorage.getItem(SESSION_KEY) ?? undefined, timings: { renderInterval } });

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const script = $<HTMLTextAreaElement>('script');
const image = $<HTMLInputElement>('image');
const uploadBar = $<HTMLProgressElement>('upload');
const button = $<HTMLButtonElement>('make');
const status = $<HTMLSpanElement>('status');
const updates = $<HTMLDivElement>('updates');
const renderBar = $<HTMLProgressElement>('render');
const percent = $<HTMLSpanElement>('percent');
const video = $<HTMLVideoElement>('video');

function setStatus(text: string, state: 'working' | 'done' | 'error'): void {
  status.textContent = text;
  status.dataset.state = state;
}

function line(text: string, className?: string): void {
  const p = updates.appendChild(document.createElement('p'));
  p.textContent = text;
  if (className) p.className = className;
}

/** Shows one update; false when it is a failure that ends the step. */
function show(update: StudioUpdate): boolean {
  switch (update.type) {
    case 'session':
      sessionStorage.setItem(SESSION_KEY, update.sessionId);
      break;
    case 'render_started':
      // The job renders whether or not this page waits: keep its id to wait on it again after a reload.
      sessionStorage.setItem(RENDER_KEY, update.renderId);
      setStatus('Rendering…', 'working');
      break;
    case 'progress':
      if (update.stage === 'upload') uploadBar.value = update.percent;
      else {
        renderBar.value = update.percent;
        percent.textContent = `${update.percent}%`;
      }
      break;
    case 'text':
      line(update.message);
      break;
    case 'timeline':
      line(update.summary, 'work');
      break;
    case 'result':
      if (update.kind === 'export') {
        sessionStorage.removeItem(RENDER_KEY);
        // The <video> fetches the file itself (streaming, seeking): a CDN link, or the proxy's own download route
        // when the file needs the token. Either way the page never holds one.
        video.src = update.url;
        setStatus('Done.', 'done');
      }
      break;
    case 'remedy':
      // A failure Studio recovers from by itself is shown; any other ends the step.
      line(update.message, 'work');
      if (update.recovering) break;
      sessionStorage.removeItem(RENDER_KEY); // a render that failed is not one to wait on again
      setStatus(update.message, 'error');
      return false;
    case 'offer': // this page renders by itself: no need to offer it
      break;
    default:
      line(update.message, 'work'); // setting up, the agent's tools, still working
  }
  return true;
}

/** Runs one of Studio's steps to its end, showing each update; false if it failed. */
async function run(steps: AsyncIterable<StudioUpdate>): Promise<boolean> {
  let ok = true;
  for await (const update of steps) ok = show(update) && ok;
  return ok;
}

async function makeVideo(): Promise<void> {
  const files = image.files?.[0] ? [image.files[0]] : [];
  setStatus('The agent is working…', 'working');
  // `intent: 'chat'`: a script that says "export" or "credits" is still a script for the agent.
  const made = await run(studio.say(`generate a video from this script: ${script.value}`, { files, intent: 'chat' }));
  if (made) await run(studio.export());
}

/** Runs `work` with the button disabled; an error that is not the service's (a bug) is shown too. */
function start(work: () => Promise<unknown>): void {
  button.disabled = true;
  work()
    .catch((error: unknown) => {
      setStatus(`Unexpected error: ${String(error)}`, 'error');
      console.error(error);
    })
    .finally(() => {
      button.disabled = false;
    });
}

button.addEventListener('click', () => {
  updates.replaceChildren();
  uploadBar.value = 0;
  renderBar.value = 0;
  percent.textContent = '0%';
  start(makeVideo);
});

// Reloaded mid-render: wait on that render, rather than losing it or starting another.
const running = sessionStorage.getItem(RENDER_KEY);
if (running) {
  setStatus('Picking up your render…', 'working');
  start(() => run(studio.resumeRender(running)));
}
