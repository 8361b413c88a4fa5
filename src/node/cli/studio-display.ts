import type { RemedyUpdate, StudioUpdate } from '../../workflow/studio-updates.js';
import type { CommandContext } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { errorJson } from './report-error.js';

/** Exit codes for remedies that carry no error (the agent's own failure, a turn that changed nothing). */
const REMEDY_EXIT: Partial<Record<RemedyUpdate['kind'], number>> = {
  session_lost: EXIT.session,
  no_credits: EXIT.credits,
  unsupported_file: EXIT.badFile,
  file_too_large: EXIT.badFile,
  plan: EXIT.exportBlocked,
  rate_limited: EXIT.rateLimited,
  offline: EXIT.network,
  auth: EXIT.auth,
  invalid: EXIT.usage,
  stalled: EXIT.failed,
  no_change: EXIT.failed,
  agent_error: EXIT.failed,
  render_failed: EXIT.failed,
};

/** The exit code a remedy stands for: its error's, else its kind's. */
export const remedyExitCode = (remedy: RemedyUpdate): number =>
  remedy.error !== undefined ? exitCodeFor(remedy.error) : (REMEDY_EXIT[remedy.kind] ?? EXIT.unexpected);

/**
 * Shows one of Studio's updates in the terminal: the conversation (the agent's words, the timeline, offers,
 * results) on stdout, what Studio is doing as the progress line, remedies as error lines on stderr. With
 * --json each conversation update is a JSON line. Returns the exit code of a remedy, else undefined.
 */
export function showUpdate(ctx: CommandContext, update: StudioUpdate): number | undefined {
  const { out, progress } = ctx;
  switch (update.type) {
    case 'status':
      progress.step(update.tool ? `Working: ${update.tool.replace(/[_-]+/g, ' ')}…` : update.message);
      return undefined;
    case 'session':
      ctx.remember({ sessionId: update.sessionId });
      out.result({ type: 'session', sessionId: update.sessionId, resumed: update.resumed, ...(update.replaced && { replaced: update.replaced }) });
      out.note(`${update.message} Session ${update.sessionId}.`);
      return undefined;
    case 'text':
      out.result({ type: 'message', text: update.message });
      out.text(`${update.message}\n`);
      return undefined;
    case 'still_working':
      out.note(update.message);
      return undefined;
    case 'progress':
      progress.bar(update.stage === 'upload' ? `upload ${update.filename ?? ''}`.trim() : 'render', update.percent);
      return undefined;
    case 'timeline':
      out.result({ type: 'timeline', summary: update.summary, changes: update.changes });
      out.text(`${update.message}\n`);
      return undefined;
    case 'offer':
      out.result({ type: 'offer', action: update.action, message: update.message, ...(update.reply && { reply: update.reply }) });
      out.text(`${update.message}\n`);
      return undefined;
    case 'result': {
      const { type: _type, message, ...data } = update;
      out.result({ type: 'result', ...data, message });
      out.text(`${message}\n`);
      return undefined;
    }
    case 'remedy': {
      progress.done();
      const code = remedyExitCode(update);
      const links = update.links.map((link) => `${link.label}: ${link.url}`).join(' ');
      const line = `${update.message}${links ? ` ${links}` : ''}`;
      out.result({ type: 'error', ...errorJson(update.error ?? new Error(line), code, ctx.facts), kind: update.kind, message: line, links: update.links });
      out.error(line);
      return code;
    }
    default:
      return undefined;
  }
}
