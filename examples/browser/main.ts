/// <reference types="vite/client" />
// Script in, video out, in a web page: session → chat (streamed live) → export (with progress) → <video>.
//
// The API's address comes from `?api=http://127.0.0.1:4010` or VITE_NEMO_BASE_URL (in `.env.local` or the
// environment at build time); with neither, the real service. Try it offline against the emulator:
//   npx nemo-video emulator --port 4010          (in the repo root)
//   npx vite examples/browser                    → open http://localhost:5173/?api=http://127.0.0.1:4010
import { localStorageTokenStore, NemoVideo, NemoVideoError } from 'nemo-video';
import { summarizeTimeline } from 'nemo-video/studio';

const params = new URLSearchParams(location.search);
const nv = new NemoVideo({
  baseURL: params.get('api') ?? import.meta.env.VITE_NEMO_BASE_URL,
  // A page has no NEMO_TOKEN: the free anonymous token (and its credits) is kept across reloads here.
  // Never put a registered account's token in frontend code.
  tokenStore: localStorageTokenStore(),
});
// How often to check a render: the service asks for 30 s (the default); an emulator renders in seconds.
const pollInterval = Number(params.get('poll') ?? import.meta.env.VITE_NEMO_POLL_MS) || undefined;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const script = $<HTMLTextAreaElement>('script');
const button = $<HTMLButtonElement>('make');
const status = $<HTMLSpanElement>('status');
const chat = $<HTMLDivElement>('chat');
const progress = $<HTMLProgressElement>('progress');
const percent = $<HTMLSpanElement>('percent');
const video = $<HTMLVideoElement>('video');
$('api').textContent = `API: ${nv.baseURL}`;

function setStatus(text: string, state: 'working' | 'done' | 'error'): void {
  status.textContent = text;
  status.dataset.state = state;
}

function line(text: string, className?: string): HTMLParagraphElement {
  const p = chat.appendChild(document.createElement('p'));
  p.textContent = text;
  if (className) p.className = className;
  return p;
}

async function makeVideo(): Promise<void> {
  setStatus('Setting things up…', 'working');
  const session = await nv.sessions.create();

  // `partial: true` asks for the text as it is written; the final text of each message then replaces its draft.
  setStatus('The agent is working…', 'working');
  let live: HTMLParagraphElement | undefined;
  for await (const event of nv.chat.stream(session.id, `generate a video from this script: ${script.value}`, { partial: true })) {
    if (event.type === 'text') {
      live ??= line('');
      live.textContent = event.partial ? live.textContent + event.text : event.text;
      if (!event.partial) live = undefined;
    } else if (event.type === 'tool_call') line(`… ${event.name}`, 'work'); // the agent's internal work: a hint only
    else if (event.type === 'still_working') line('⏳ Still working…', 'work');
  }
  const { draft } = await nv.state.get(session.id);
  line(summarizeTimeline(draft), 'work');

  // Render in the cloud and wait; onProgress moves the bar.
  setStatus('Rendering…', 'working');
  const { url } = await nv.export(session.id, {
    interval: pollInterval,
    onProgress: ({ progress: value }) => {
      progress.value = value;
      percent.textContent = `${value}%`;
    },
  });

  // Download through the SDK (it sends the token when the file is on the API's origin, which <video src> could
  // not), then play it from memory. A link to `url` also works when the file is public.
  const blob = await new Response(await nv.download(url)).blob();
  URL.revokeObjectURL(video.src);
  video.src = URL.createObjectURL(new Blob([blob], { type: 'video/mp4' }));
  setStatus('Done.', 'done');
}

button.addEventListener('click', () => {
  button.disabled = true;
  chat.replaceChildren();
  progress.value = 0;
  percent.textContent = '0%';
  makeVideo()
    .catch((error: unknown) => {
      // SDK errors carry a message meant for people (never the token); anything else is a bug.
      setStatus(error instanceof NemoVideoError ? error.message : `Unexpected error: ${String(error)}`, 'error');
      if (!(error instanceof NemoVideoError)) console.error(error);
    })
    .finally(() => {
      button.disabled = false;
    });
});
