import { StreamError } from '../core/errors/base.js';
import type { Timeline } from '../schemas/timeline.js';
import { translateGuiText, type GuiAction } from './gui-translation.js';
import { exportSession } from './step-export.js';
import { SCRIPT_TIP, SCRIPT_TIP_WORDS, scriptWords } from './script-tip.js';
import { askForFiles } from './step-upload.js';
import { watchTimeline } from './step-watch.js';
import { endWith, remedyUpdate, type Step, type StudioContext } from './studio-context.js';
import { timelineUpdate } from './timeline-update.js';

/**
 * One message to the agent, as the spec reads the stream: text goes to the user after the GUI translation,
 * tool calls stay internal (a `Working: <tool>` status), `⏳ Still working…` after each quiet stretch.
 *
 * The message is sent at most once here (the transport waits out a 429 that refused it, RECOVERY.rateLimit):
 * a 1002 before any event is thrown, for the caller to start a new session and send it there
 * (RECOVERY.lostSession). Any failure after the first event is a remedy, never a re-send. A stream that ends
 * without text, or is cut, is followed up by watching the session state for the change.
 *
 * @example
 * ```ts
 * const failed = yield* chatTurn(ctx, sessionId, 'add lo-fi BGM', signal);
 * ```
 */
export async function* chatTurn(ctx: StudioContext, sessionId: string, text: string, signal: AbortSignal): Step {
  const { client, timings } = ctx;
  // The service's own advice, given before sending and never in the way: the message goes as it is.
  if (scriptWords(text) > SCRIPT_TIP_WORDS) yield { type: 'status', message: SCRIPT_TIP, tip: 'long_script' };
  // The state before the message: what a silent or cut turn is compared with. A 1002 here means nothing was sent.
  const { draft: before } = await client.state.get(sessionId, { signal });
  const actions: GuiAction[] = [];
  let seen = false;
  let spoke = false;
  let agentError: string | undefined;
  try {
    const stream = client.chat.stream(sessionId, text, { signal, stillWorkingAfter: timings.stillWorkingAfter, stallAfter: timings.stallAfter });
    for await (const event of stream) {
      // still_working is the SDK's own clock, which also ticks before the answer starts: it proves nothing ran.
      if (event.type !== 'still_working') seen = true;
      if (event.type === 'text' && !event.partial) {
        const translated = translateGuiText(event.text);
        actions.push(...translated.actions);
        spoke = true;
        yield { type: 'text', message: translated.text };
      } else if (event.type === 'tool_call') yield { type: 'status', message: `Working: ${event.name}`, tool: event.name };
      else if (event.type === 'still_working') yield { type: 'still_working', message: '⏳ Still working…', elapsedMs: event.elapsedMs };
      else if (event.type === 'error' && event.terminal) agentError = event.message;
    }
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof StreamError) {
      yield { ...remedyUpdate(error), recovering: true };
      yield { type: 'status', message: 'Checking the timeline for what the agent did…' };
      return yield* watchTimeline(ctx, sessionId, before, signal);
    }
    // After the first event the message may have run: whatever this is, it is reported, never re-sent.
    if (seen) {
      return yield* endWith(remedyUpdate(error));
    }
    throw error;
  }
  // A terminal error ends the run unfinished, whatever it said before.
  if (agentError) {
    return yield* endWith({ type: 'remedy', kind: 'agent_error', links: [], message: `The agent could not finish: ${agentError} Try again in a moment.` });
  }
  if (!spoke) {
    yield { type: 'status', message: 'The agent finished without a word: checking the timeline…' };
    return yield* watchTimeline(ctx, sessionId, before, signal);
  }
  return yield* followUp(ctx, sessionId, before, actions, signal);
}

/** Does what the agent's GUI phrases asked for: show the timeline, offer (or run) the export, ask for files. */
async function* followUp(ctx: StudioContext, sessionId: string, before: Timeline | undefined, actions: GuiAction[], signal: AbortSignal): Step {
  const wants = (type: GuiAction['type']) => actions.some((a) => a.type === type);
  let draft: Timeline | undefined;
  if (wants('timeline') || wants('state')) {
    ({ draft } = await ctx.client.state.get(sessionId, { signal }));
    yield timelineUpdate(draft, { before, picture: ctx.picture });
  }
  if (wants('export')) {
    // The timeline just shown is the one rendered: no second state read.
    if (ctx.autoExport) {
      yield* exportSession(ctx, sessionId, signal, draft);
      return;
    }
    yield { type: 'offer', action: 'export', message: 'Say "export" to render the MP4.' };
  }
  if (wants('upload')) yield askForFiles();
  for (const action of actions) {
    if (action.type === 'reply') yield { type: 'offer', action: 'reply', reply: action.reply, message: `Say "${action.reply}" to go on.` };
  }
}
