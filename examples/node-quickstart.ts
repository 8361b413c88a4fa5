/**
 * Script in, MP4 out: the whole NemoVideo flow in Node.
 *
 *   session → chat (streamed) → export (render + wait) → download to a file
 *
 * In your own project, import from 'nemo-video' and 'nemo-video/node' instead of '../src/…'. The token comes
 * from NEMO_TOKEN when it is set; otherwise a free anonymous token (100 credits, 7 days) is acquired on the
 * first call and kept in ~/.config/nemo-video/credentials.json, so the next run reuses it and its credits.
 * Ctrl-C aborts cleanly: the render job is cancelled rather than left running.
 */
import { InsufficientCreditsError, NemoVideo, StreamError, type ChatEvent } from '../src/index.js';
import { downloadToFile, fileTokenStore } from '../src/node/index.js';

const script = process.argv[2] ?? 'generate a 30-second video from this script: city lights at night, calm narration';
const output = process.argv[3] ?? 'video.mp4';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
const { signal } = controller;

const nv = new NemoVideo({ tokenStore: fileTokenStore(), logger: process.env.DEBUG ? console : undefined });

/** One line per event worth showing a person; tool results and heartbeats stay quiet. */
function show(event: ChatEvent): void {
  switch (event.type) {
    case 'text':
      console.log(event.text);
      break;
    case 'tool_call':
      console.log(`  … ${event.name}`);
      break;
    case 'still_working':
      console.log(`⏳ Still working (${Math.round(event.elapsedMs / 1000)} s)...`);
      break;
    case 'error':
      console.warn(`agent error: ${event.message}`);
      break;
    case 'done':
      if (!event.hadText) console.log('(the agent answered with edits only)');
      break;
  }
}

try {
  const session = await nv.sessions.create({ language: 'en' }, { signal });
  console.log(`session ${session.id}`);

  try {
    for await (const event of nv.chat.stream(session.id, script, { signal })) show(event);
  } catch (error) {
    // Never send the message again: the agent may still be working, and a second send charges twice.
    if (!(error instanceof StreamError)) throw error;
    console.warn(`${error.message}\nChecking the timeline instead...`);
  }

  const { draft } = await nv.state.get(session.id, { signal });
  console.log(`timeline: ${draft?.tracks.length ?? 0} tracks, ${(draft?.durationMs ?? 0) / 1000} s`);

  const { url, renderId } = await nv.export(session.id, {
    signal,
    // The real service takes 30-90 s; NEMO_POLL_INTERVAL_MS polls an emulator faster.
    interval: Number(process.env.NEMO_POLL_INTERVAL_MS) || 10_000,
    onProgress: (status) => console.log(`render ${status.status} ${status.progress}%`),
  });
  console.log(`render ${renderId} done`);

  const { bytes } = await downloadToFile(nv, url, output, { signal });
  console.log(`saved ${output} (${(bytes / 1e6).toFixed(1)} MB)`);
} catch (error) {
  if (error instanceof InsufficientCreditsError) {
    console.error(error.registrationUrl ? `Out of credits. Register to get more: ${error.registrationUrl}` : error.message);
  } else if (signal.aborted) {
    console.error('aborted');
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exitCode = 1;
}
