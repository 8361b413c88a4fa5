import { translateGuiText } from '../../workflow/gui-translation.js';
import type { CommandContext } from './context.js';

/** What a chat turn came to. */
export interface TurnResult {
  /** The agent's messages, each whole and GUI-translated, in order; none for about a third of edits. */
  messages: string[];
  /** The error that ended the run, when the agent reported one. */
  agentError?: string | undefined;
}

/** `edit_multitrack` → `edit multitrack`. */
const humanize = (name: string) => name.replace(/[_-]+/g, ' ').trim() || 'a tool';

/**
 * Sends one message (generate's request) and shows the turn: each message of the agent on stdout, with its
 * GUI phrases ("click the Export button") translated; a spinner saying what the agent is doing (tool
 * calls stay internal: a step name at most); "⏳ Still working…" after each 2 minutes without text.
 * Throws what the stream throws (a StreamError when it is cut: the agent may still be at work).
 */
export async function runChatTurn(ctx: CommandContext, sessionId: string, message: string): Promise<TurnResult> {
  const { out, progress } = ctx;
  const result: TurnResult = { messages: [] };
  progress.step('Thinking…');
  try {
    for await (const event of ctx.client().chat.stream(sessionId, message, { signal: ctx.signal })) {
      if (event.type === 'text' && !event.partial) {
        const { text } = translateGuiText(event.text);
        result.messages.push(text);
        if (!out.mode.quiet) out.text(`${text}\n`);
      } else if (event.type === 'tool_call') {
        progress.step(`Working: ${humanize(event.name)}…`);
      } else if (event.type === 'still_working') out.note('⏳ Still working…');
      else if (event.type === 'error') {
        if (event.terminal) result.agentError = event.message;
        else out.note(`The agent hit a problem and is carrying on: ${event.message}`);
      }
    }
  } finally {
    progress.done();
  }
  return result;
}
