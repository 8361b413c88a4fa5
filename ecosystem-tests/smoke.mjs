// The one smoke workflow every runtime of the matrix runs, against the emulator's HTTP server at `baseURL`:
// anonymous token → session → streamed chat → credits → state → export (render, wait) → download an MP4.
//
// It imports nothing: each runtime's entry loads the packed SDK its own way (import, require, a bundler) and
// hands its exports in, so this file checks the flow and the entry checks how the package loads. It uses only
// what every runtime has (fetch streams, TextDecoder, Uint8Array): no node: modules, no process, no Deno.
// It throws on the first thing that is wrong; on success it returns a summary the runner checks.

/** What the agent is asked: the emulator's rule-based agent answers this with a 10-second timeline. */
export const MESSAGE = 'generate a 10-second video from this script: A lighthouse at dawn. Waves roll in. Gulls circle the tower.';

/** Smaller than this, a "video" is an error page or an empty box. The emulator's `--render tiny` MP4 (one
 * black 64x36 H.264 frame, its duration set to the draft's) is about 800 bytes; a real render is megabytes. */
const MIN_MP4_BYTES = 512;

/**
 * Runs the workflow with the SDK's exports `sdk` against `baseURL`. `runtime` names what ran it (for the
 * runner, which checks it is the runtime it meant to start). Returns a summary; throws on any failure.
 *
 * @param {{ NemoVideo: any, NemoVideoError: any, VERSION: string }} sdk
 * @param {string} baseURL
 * @param {{ runtime: string, log?: (line: string) => void, client?: object }} options `client`: more client options
 *   (the proxy rows give `authStrategy: proxyAuth()`, and `baseURL` is then the proxy's prefix)
 */
export async function smoke(sdk, baseURL, { runtime, log = () => {}, client = {} }) {
  // Only what the main entry has always exported: helpers such as summarizeTimeline move between entries.
  const { NemoVideo, NemoVideoError, VERSION } = sdk;
  const check = (ok, what) => {
    if (!ok) throw new Error(`smoke: ${what}`);
  };
  check(typeof NemoVideo === 'function', 'the SDK has no NemoVideo export');
  check(typeof VERSION === 'string' && VERSION.length > 0, 'the SDK has no VERSION');

  // No token: the client gets a fresh anonymous one (its own 100 credits) on the first call.
  const nv = new NemoVideo({ baseURL, maxRetries: 0, ...client });

  const before = await nv.credits.balance();
  check(typeof before.available === 'number' && before.available > 0, `credits before the chat: ${JSON.stringify(before)}`);

  const session = await nv.sessions.create();
  check(typeof session.id === 'string' && session.id.length > 0, `sessions.create returned ${JSON.stringify(session)}`);
  log(`session ${session.id}`);

  // The stream, event by event: the agent's words and at least one tool call must come through.
  const counts = { text: 0, tool_call: 0, other: 0 };
  let words = '';
  for await (const event of nv.chat.stream(session.id, MESSAGE)) {
    if (event.type === 'error') throw new Error(`smoke: the chat stream sent an error event: ${event.message}`);
    if (event.type === 'text') {
      counts.text++;
      if (!event.partial) words += event.text;
    } else if (event.type === 'tool_call') counts.tool_call++;
    else counts.other++;
  }
  check(counts.text > 0 && words.trim().length > 0, `the chat streamed no text (${JSON.stringify(counts)})`);
  check(counts.tool_call > 0, `the chat streamed no tool call (${JSON.stringify(counts)})`);
  log(`chat: ${counts.text} text and ${counts.tool_call} tool-call events`);

  // The generation is charged: fewer credits than before.
  const after = await nv.credits.balance();
  check(typeof after.available === 'number' && after.available < before.available, `credits ${before.available} before the chat, ${after.available} after`);

  // The timeline the agent built: tracks with segments, about as long as asked.
  const { draft } = await nv.state.get(session.id);
  const segments = draft?.tracks?.reduce((n, track) => n + track.segments.length, 0) ?? 0;
  check(segments > 0, `the state has no segments: ${JSON.stringify(draft)?.slice(0, 300)}`);
  check(draft.durationMs === undefined || Math.abs(draft.durationMs - 10_000) <= 1_000, `the draft lasts ${draft.durationMs} ms, asked 10 s`);
  log(`state: ${draft.tracks.length} tracks (${draft.tracks.map((track) => track.type).join(', ')}), ${segments} segments, ${draft.durationMs} ms`);

  // Render and wait, polling fast: the emulator renders in well under a second with --render tiny.
  const progress = [];
  const exported = await nv.export(session.id, { interval: 100, onProgress: (status) => progress.push(status.progress) });
  check(typeof exported.url === 'string' && /^https?:\/\//.test(exported.url), `export returned ${JSON.stringify(exported)}`);
  log(`render done after ${progress.length} progress reports`);

  // Download through the SDK and read every byte: an MP4 starts with a box whose type, at bytes 4..8, is ftyp,
  // its top-level boxes tile the file exactly, and its movie header says how long it plays.
  const body = await nv.download(exported.url);
  const bytes = new Uint8Array(await new Response(body).arrayBuffer());
  const boxType = new TextDecoder().decode(bytes.subarray(4, 8));
  check(boxType === 'ftyp', `the download is not an MP4: bytes 4..8 are ${JSON.stringify(boxType)} (${bytes.length} bytes)`);
  check(bytes.length >= MIN_MP4_BYTES, `the MP4 has only ${bytes.length} bytes`);
  const mp4 = readMp4(bytes);
  check(mp4.boxes.includes('moov') && mp4.boxes.includes('mdat'), `the MP4's top-level boxes are ${mp4.boxes.join(', ')}: no moov or mdat`);
  check(Math.abs(mp4.seconds - 10) <= 1, `the MP4 plays ${mp4.seconds} s, asked 10 s`);
  log(`MP4: ${bytes.length} bytes, ${mp4.boxes.join('+')}, ${mp4.seconds} s`);

  // The error classes are the SDK's own: a bad base URL throws a NemoVideoError subclass, synchronously.
  let thrown;
  try {
    new NemoVideo({ baseURL: 'not a url' });
  } catch (error) {
    thrown = error;
  }
  check(thrown instanceof NemoVideoError, `a bad baseURL threw ${thrown}, not a NemoVideoError`);

  return {
    ok: true,
    runtime,
    sdk: VERSION,
    events: counts,
    credits: { before: before.available, after: after.available },
    segments,
    durationMs: draft.durationMs,
    renderPolls: progress.length,
    mp4Bytes: bytes.length,
    mp4Seconds: mp4.seconds,
  };
}

/**
 * The top-level box types of an MP4 and its length in seconds (moov/mvhd). Throws when the boxes do not tile
 * the file exactly (a truncated or padded download).
 *
 * @param {Uint8Array} bytes
 */
function readMp4(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = (at) => String.fromCharCode(...bytes.subarray(at + 4, at + 8));
  const boxes = [];
  let seconds = NaN;
  for (let at = 0; at < bytes.length; ) {
    if (at + 8 > bytes.length) throw new Error(`smoke: the MP4 ends inside a box header at byte ${at}`);
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = bytes.length - at;
    if (size < header || at + size > bytes.length) throw new Error(`smoke: the MP4's ${type(at)} box at byte ${at} claims ${size} bytes of ${bytes.length - at} left`);
    boxes.push(type(at));
    if (type(at) === 'moov') {
      // The movie header is moov's first child in every file the emulator writes; look for it among the children.
      for (let child = at + header; child + 8 <= at + size; child += Math.max(8, view.getUint32(child))) {
        if (type(child) !== 'mvhd') continue;
        const version = bytes[child + 8];
        const timescale = view.getUint32(child + (version === 1 ? 28 : 20));
        const duration = version === 1 ? Number(view.getBigUint64(child + 32)) : view.getUint32(child + 24);
        seconds = Math.round((duration / timescale) * 100) / 100;
        break;
      }
    }
    at += size;
  }
  return { boxes, seconds };
}

/** The line an entry prints so the runner knows the workflow ran to its end (and not just that it exited 0). */
export const RESULT_MARKER = 'SMOKE-RESULT ';
