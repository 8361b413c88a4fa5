import { isExportable } from 'nemo-video';
import { summarizeTimeline, visibleTracks } from 'nemo-video/studio';
import { required } from '../arguments.js';
import type { Command } from '../command.js';

/** `nemo-video status --session <id>`: the session's timeline, summarized. */
export const statusCommand: Command = {
  name: 'status',
  summary: "show a session's timeline (tracks, what is on them, length)",
  help: `nemo-video status --session <id>

Shows the session's timeline in one line, e.g.
  Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)
With --json: {"sessionId", "summary", "exportable", "durationMs", "tracks", "timeline"} (the whole timeline).

Options:
  --session <id>   the session (printed by "generate" and "chat")`,
  options: { session: { type: 'string', short: 's' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const sessionId = required('session', values.session, '<id>');
    ctx.remember({ sessionId });
    ctx.progress.step('Reading the timeline…');
    const { draft } = await ctx.client().state.get(sessionId, { signal: ctx.signal });
    ctx.progress.done();
    const summary = summarizeTimeline(draft);
    ctx.out.result(
      {
        sessionId,
        summary,
        exportable: isExportable(draft),
        durationMs: draft?.durationMs,
        tracks: visibleTracks(draft).length,
        timeline: draft,
      },
      summary,
    );
  },
};
