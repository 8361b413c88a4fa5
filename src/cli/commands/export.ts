import { isExportable } from 'nemo-video';
import { required } from '../arguments.js';
import type { Command } from '../command.js';
import { EmptySessionError } from '../errors.js';
import { formatBytes } from '../format.js';
import { resolveOutputPath } from '../output-path.js';
import { renderTimeline } from '../render-job.js';
import { saveVideo } from '../transfers.js';

/** `nemo-video export --session <id> [--out file]`. */
export const exportCommand: Command = {
  name: 'export',
  summary: "render a session's timeline to MP4 and download it",
  help: `nemo-video export --session <id> [--out video.mp4] [--url-only]

Renders the session's current timeline (export costs no credits), showing the render's progress, and
downloads the MP4. Ctrl-C cancels the render.

Options:
  --session <id>   the session (printed by "generate" and "chat")
  -o, --out <file> where to save the MP4 (default: video.mp4, numbered so nothing is overwritten)
  --url-only       print the download URL instead of downloading`,
  options: {
    session: { type: 'string', short: 's' },
    out: { type: 'string', short: 'o' },
    'url-only': { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const sessionId = required('session', values.session, '<id>');
    const urlOnly = values['url-only'] === true;
    const outPath = urlOnly ? undefined : await resolveOutputPath(values.out as string | undefined, 'video.mp4');
    ctx.remember({ sessionId });
    ctx.progress.step('Reading the timeline…');
    const { draft } = await ctx.client().state.get(sessionId, { signal: ctx.signal });
    ctx.progress.done();
    if (!isExportable(draft)) {
      throw new EmptySessionError(`Nothing to export in session ${sessionId} yet: the timeline is empty. Ask the agent for a video first ("nemo-video chat --session ${sessionId}").`);
    }
    const { renderId, url } = await renderTimeline(ctx, sessionId, draft);
    if (!outPath) return ctx.out.result({ sessionId, renderId, url }, url);
    const bytes = await saveVideo(ctx, url, outPath);
    ctx.out.result({ sessionId, renderId, url, file: outPath, bytes }, `Saved ${outPath} (${formatBytes(bytes)})`);
  },
};
