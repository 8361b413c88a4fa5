import { Studio, type RemedyUpdate, type StudioFile, type StudioUpdate } from 'nemo-video/studio';
import { resolveStillWorkingAfter, type CommandContext } from './context.js';
import { remedyLine } from './errors.js';
import { showUpdate, type Presentation } from './studio-display.js';
import { terminalPictureOptions } from './timeline-picture.js';

/** What one of Studio's steps came to, as the commands built on it need. */
export interface StepOutcome {
  /** The remedy the step ended in: it failed. Undefined when it did what it was asked. */
  failure: RemedyUpdate | undefined;
  /** The agent's messages, in order (GUI phrases translated). */
  messages: string[];
  /** The last timeline the step showed, if any. */
  timeline: Extract<StudioUpdate, { type: 'timeline' }> | undefined;
}

/**
 * The CLI's Studio: the command's client, resuming `sessionId` if given, with `NEMO_STILL_WORKING_MS` read
 * here (a UsageError when it is bad), so only the commands that talk to the agent care about it. With
 * `chat --picture` on a terminal, its timeline updates carry their picture.
 */
export function openStudio(ctx: CommandContext, sessionId?: string): Studio {
  const timelinePicture = ctx.pictures ? terminalPictureOptions(ctx.io) : undefined;
  return new Studio(ctx.client(), { sessionId, timelinePicture, timings: { stillWorkingAfter: resolveStillWorkingAfter(ctx.io.env) } });
}

/**
 * Runs one of Studio's steps to its end, showing each update as `presentation` says. A remedy Studio goes on
 * to recover from (`recovering`: a cut stream, then the timeline it left) is only a note; any other fails the
 * step, whatever comes after it (a file refused on the way, though another uploads after it). Of several
 * failures the last is the step's, the earlier ones notes. The failure is returned, not shown: the command
 * decides whether it ends the run or just the turn.
 */
export async function runStep(ctx: CommandContext, updates: AsyncIterable<StudioUpdate>, presentation: Presentation): Promise<StepOutcome> {
  const outcome: StepOutcome = { failure: undefined, messages: [], timeline: undefined };
  try {
    for await (const update of updates) {
      if (update.type === 'remedy') {
        if (update.recovering) ctx.out.note(remedyLine(update));
        else {
          if (outcome.failure) ctx.out.note(remedyLine(outcome.failure));
          outcome.failure = update;
        }
        continue;
      }
      if (update.type === 'text') outcome.messages.push(update.message);
      if (update.type === 'timeline') outcome.timeline = update;
      showUpdate(ctx, update, presentation);
    }
  } finally {
    ctx.progress.done();
  }
  return outcome;
}

/**
 * One message to the agent, as Studio's updates, with "Thinking…" until Studio says more. `files` go up
 * first, in the same piece of work: should the session be lost, the new one gets them again.
 */
export async function* askAgent(ctx: CommandContext, studio: Studio, text: string, files: readonly StudioFile[] = []): AsyncGenerator<StudioUpdate, void> {
  ctx.progress.step('Thinking…');
  yield* studio.say(text, { files, intent: 'chat', signal: ctx.signal });
}
