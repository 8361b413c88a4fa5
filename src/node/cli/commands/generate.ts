import { StreamError } from '../../../core/errors/index.js';
import { summarizeTimeline } from '../../../workflow/summarize-timeline.js';
import { positiveNumber } from '../arguments.js';
import { runChatTurn, type TurnResult } from '../chat-turn.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { formatBytes, formatSeconds } from '../format.js';
import { ASPECT_WORDS, generateMessage, type Aspect } from '../generate-message.js';
import { openInputFiles } from '../input-files.js';
import { resolveOutputPath } from '../output-path.js';
import { readAll } from '../read-stdin.js';
import { renderTimeline } from '../render-job.js';
import { saveVideo, uploadFiles } from '../transfers.js';
import { waitForTimeline } from '../wait-for-timeline.js';

const MAX_SECONDS = 600;

/** `nemo-video generate "<script>"`: a script (and images) in, an MP4 on disk out. */
export const generateCommand: Command = {
  name: 'generate',
  startsSession: true,
  summary: 'turn a script (and images) into an MP4: session, upload, chat, render, download',
  help: `nemo-video generate "<script>" [--image a.png ...] [--aspect 16:9|9:16] [--seconds N] [--out video.mp4]

Asks the agent for a video of the script, renders it and downloads the MP4. Steps: token (kept in the
credentials file) → new session → upload each --image → chat "generate a N-second <aspect> video from this
script: …" → render → download. Prints the session id as it starts, so the work can be resumed with
"status", "chat --session" or "export" if anything stops it. The script "-" reads it from stdin.

Options:
  -i, --image <file>    an image (or video/audio clip) to use; repeat for several. Checked before anything is sent
  --aspect <ratio>      16:9 (landscape) or 9:16 (vertical); default: the agent's choice
  --seconds <n>         the video's length in seconds
  -o, --out <file>      where to save the MP4 (default: video.mp4, numbered so nothing is overwritten;
                        a folder puts video.mp4 there)

Example:
  nemo-video generate "A lighthouse at dawn. Waves roll in." --seconds 8 --out lighthouse.mp4`,
  options: {
    image: { type: 'string', short: 'i', multiple: true },
    aspect: { type: 'string' },
    seconds: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  positionals: { min: 1, max: Infinity, what: 'the script, e.g. nemo-video generate "A lighthouse at dawn. Waves roll in."' },
  async run(ctx, { values, positionals }) {
    // Everything that can be checked locally is, before a request (and a credit) is spent.
    const joined = positionals.join(' ');
    const script = (joined === '-' ? await readAll(ctx.io.stdin) : joined).trim();
    if (!script) throw new UsageError('The script is empty: generate "A lighthouse at dawn. Waves roll in."');
    const aspect = values.aspect as string | undefined;
    if (aspect !== undefined && !(aspect in ASPECT_WORDS)) throw new UsageError(`--aspect must be 16:9 or 9:16, got "${aspect}".`);
    const seconds = positiveNumber('seconds', values.seconds as string | undefined, MAX_SECONDS);
    const files = await openInputFiles((values.image as string[] | undefined) ?? []);
    const outPath = await resolveOutputPath(values.out as string | undefined, 'video.mp4');

    const nv = ctx.client();
    ctx.progress.step('Setting things up…');
    const session = await nv.sessions.create({}, { signal: ctx.signal });
    ctx.remember({ sessionId: session.id });
    ctx.progress.done();
    ctx.out.note(`Session ${session.id}`);
    await uploadFiles(ctx, session.id, files);

    let failure: unknown;
    let turn: TurnResult | undefined;
    try {
      turn = await runChatTurn(ctx, session.id, generateMessage(script, { seconds, aspect: aspect as Aspect | undefined }));
    } catch (error) {
      // A cut stream does not stop the agent: its timeline may still come (checked below).
      if (!(error instanceof StreamError)) throw error;
      failure = error;
      ctx.out.note('The stream broke off; checking whether the agent finished…');
    }
    // A run that ended in the agent's own error changed nothing: no point waiting for a timeline.
    if (turn?.agentError && !turn.messages.length) throw new StreamError(`The agent reported an error: ${turn.agentError}`);
    const draft = await waitForTimeline(ctx, session.id, { failure, lastWords: turn?.messages.at(-1) });
    const summary = summarizeTimeline(draft);
    ctx.out.note(summary);

    const { renderId, url } = await renderTimeline(ctx, session.id, draft);
    const bytes = await saveVideo(ctx, url, outPath);
    ctx.out.result(
      { sessionId: session.id, renderId, url, file: outPath, bytes, durationMs: draft.durationMs, timeline: summary, messages: turn?.messages ?? [] },
      `Saved ${outPath} (${formatBytes(bytes)}${draft.durationMs ? `, ${formatSeconds(draft.durationMs)}` : ''})`,
    );
  },
};
