import type { StudioUpdate } from 'nemo-video/studio';
import type { CommandContext } from './context.js';

/**
 * What the conversation is to a command. `result` (chat): it is what the command is for, so the agent's
 * words, the timeline, offers and results go to stdout, and with --json each is a JSON line.
 * `commentary` (generate): it is the way to a result printed at the end, so only the agent's words go to
 * stdout (not with --quiet or --json: the result carries them), the rest to stderr, and offers (say
 * "export"…) are left out, since the command goes on by itself.
 */
export type Presentation = 'result' | 'commentary';

/**
 * Shows one of Studio's updates, except remedies (see studio-run.ts: a failure is the command's to report):
 * what Studio is doing as the progress line, the session and notes on stderr, the conversation as
 * `presentation` says.
 */
export function showUpdate(ctx: CommandContext, update: Exclude<StudioUpdate, { type: 'remedy' }>, presentation: Presentation): void {
  const { out, progress } = ctx;
  const asResult = presentation === 'result';
  switch (update.type) {
    case 'status':
      if (update.tip) out.note(update.message);
      else progress.step(update.tool ? `Working: ${update.tool.replace(/[_-]+/g, ' ')}…` : update.message);
      return;
    case 'session':
      ctx.remember({ sessionId: update.sessionId });
      if (asResult) out.result({ type: 'session', sessionId: update.sessionId, resumed: update.resumed, ...(update.replaced && { replaced: update.replaced }) });
      out.note(`${update.message} Session ${update.sessionId}.`);
      return;
    case 'text':
      if (asResult) out.result({ type: 'message', text: update.message });
      if (asResult || !out.mode.quiet) out.text(`${update.message}\n`);
      return;
    case 'still_working':
      out.note(update.message);
      return;
    case 'render_started':
      ctx.remember({ renderId: update.renderId });
      return;
    case 'progress':
      progress.bar(update.stage === 'upload' ? `upload ${update.filename ?? ''}`.trim() : 'render', update.percent);
      return;
    case 'timeline':
      if (!asResult) return out.note(update.message);
      out.result({ type: 'timeline', summary: update.summary, changes: update.changes });
      out.text(`${update.message}\n`);
      if (update.picture) out.text(update.picture.map((line) => `${line}\n`).join(''));
      return;
    case 'offer':
      if (!asResult) return;
      out.result({ type: 'offer', action: update.action, message: update.message, ...(update.reply && { reply: update.reply }) });
      out.text(`${update.message}\n`);
      return;
    case 'result': {
      if (!asResult) return progress.done(update.message);
      const { type: _type, message, ...data } = update;
      out.result({ type: 'result', ...data, message });
      out.text(`${message}\n`);
      return;
    }
  }
}
