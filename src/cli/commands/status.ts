import { isExportable } from 'nemo-video';
import { segmentEnd, summarizeTimeline, visibleTracks } from 'nemo-video/studio';
import { required } from '../arguments.js';
import type { Command } from '../command.js';
import { formatSeconds } from '../format.js';
import { terminalPicture } from '../timeline-picture.js';

/** `nemo-video status --session <id>`: the session's timeline, summarized. */
export const statusCommand: Command = {
  name: 'status',
  summary: "show a session's timeline (tracks, what is on them, length)",
  help: `nemo-video status --session <id>

Shows the session's timeline. On a terminal it is drawn as a picture: a time axis, then one row per
track with each segment a bar at its place in time, labelled (as wide as the terminal; colours unless
NO_COLOR). Piped, or with TERM=dumb, it is one line, e.g.
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
    const tracks = visibleTracks(draft);
    const picture = tracks.length ? terminalPicture(ctx.io, draft) : undefined;
    const length = Math.max(draft?.durationMs ?? 0, ...tracks.flatMap((t) => t.segments.map(segmentEnd)));
    const heading = `Timeline (${tracks.length} track${tracks.length === 1 ? '' : 's'}, ${formatSeconds(length)}):`;
    ctx.out.result(
      {
        sessionId,
        summary,
        exportable: isExportable(draft),
        durationMs: draft?.durationMs,
        tracks: tracks.length,
        timeline: draft,
      },
      picture ? [heading, ...picture] : summary,
    );
  },
};
