import { isExportable } from 'nemo-video';
import type { StudioUpdate } from 'nemo-video/studio';
import { positiveNumber } from '../arguments.js';
import type { Command } from '../command.js';
import { GenerationError, RemedyError, UsageError } from '../errors.js';
import { formatBytes, formatSeconds } from '../format.js';
import { ASPECT_WORDS, generateMessage, type Aspect } from '../generate-message.js';
import { openInputFiles } from '../input-files.js';
import { resolveOutputPath } from '../output-path.js';
import { readAll } from '../read-stdin.js';
import { renderTimeline } from '../render-job.js';
import { askAgent, openStudio, runStep } from '../studio-run.js';
import { saveVideo } from '../transfers.js';

const MAX_SECONDS = 600;

/** Why generate stops when the agent's turn left nothing to render, with its last words and how to answer them. */
function nothingMade(sessionId: string, lastWords: string | undefined): string {
  const said = lastWords ? ` It said: "${lastWords.length > 200 ? `${lastWords.slice(0, 200)}…` : lastWords}"` : '';
  return `The agent finished without putting anything on the timeline.${said} Answer it with "nemo-video chat --session ${sessionId}", or try a more specific script.`;
}

/** `nemo-video generate "<script>"`: a script (and images) in, an MP4 on disk out. */
export const generateCommand: Command = {
  name: 'generate',
  startsSession: true,
  summary: 'turn a script (and images) into an MP4: session, upload, chat, render, download',
  help: `nemo-video generate "<script>" [--image a.png ...] [--aspect 16:9|9:16] [--seconds N] [--out video.mp4]

Asks the agent for a video of the script, renders it and downloads the MP4. Steps, through Studio as in
"chat": token (kept in the credentials file) → new session → upload each --image → the message "generate a
N-second <aspect> video from this script: …" → render → download. Prints the session id as it starts, so
the work can be resumed with "status", "chat --session" or "export" if anything stops it. The script "-"
reads it from stdin.

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

    const studio = openStudio(ctx);
    // Each step's remedy ends the run: main reports it (with how to carry on in the session) and exits by its kind.
    const step = async (updates: AsyncIterable<StudioUpdate>) => {
      const outcome = await runStep(ctx, updates, 'commentary');
      if (outcome.failure) throw new RemedyError(outcome.failure);
      return outcome;
    };
    await step(studio.connect({ signal: ctx.signal }));
    // The files go up with the message: a file the service refuses stops the run before the message is sent.
    const turn = await step(askAgent(ctx, studio, generateMessage(script, { seconds, aspect: aspect as Aspect | undefined }), files));
    // The agent usually points at its timeline, and Studio shows it; when it did not, it is read.
    const shown = turn.timeline ?? (await step(studio.status({ signal: ctx.signal }))).timeline;
    const sessionId = studio.sessionId!;
    const draft = shown?.timeline;
    if (!isExportable(draft)) throw new GenerationError(nothingMade(sessionId, turn.messages.at(-1)));

    const { renderId, url } = await renderTimeline(ctx, sessionId, draft);
    const bytes = await saveVideo(ctx, url, outPath);
    ctx.out.result(
      { sessionId, renderId, url, file: outPath, bytes, durationMs: draft.durationMs, timeline: shown!.summary, messages: turn.messages },
      `Saved ${outPath} (${formatBytes(bytes)}${draft.durationMs ? `, ${formatSeconds(draft.durationMs)}` : ''})`,
    );
  },
};
