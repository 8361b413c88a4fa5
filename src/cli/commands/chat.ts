import { createInterface } from 'node:readline';
import { AuthenticationError, NemoVideoError } from 'nemo-video';
import { routeIntent, type Intent, type Studio } from 'nemo-video/studio';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { CliError, InterruptedError, RemedyError } from '../errors.js';
import { exitCodeFor } from '../exit-codes.js';
import { reportError } from '../report-error.js';
import { askAgent, openStudio, runStep } from '../studio-run.js';
import { creditsCommand } from './credits.js';
import { exportCommand } from './export.js';
import { statusCommand } from './status.js';
import { uploadCommand } from './upload.js';

const SLASH_HELP = `Commands inside chat:
  /status            the timeline, summarized
  /credits           the credit balance
  /upload <file...>  upload files into this session
  /export [file]     render the timeline and download the MP4 (default video.mp4)
  /session           this session's id
  /help              this list
  /quit              leave (as Ctrl-D does)`;

/** `nemo-video chat`: talk to the agent, one line per message, its answers streamed. */
export const chatCommand: Command = {
  name: 'chat',
  summary: 'talk to the agent interactively (one line per message; Ctrl-D to leave)',
  help: `nemo-video chat [--session <id>]

Talks to the agent through Studio, the SDK's agent workflow. Each line is one message, routed as the
service's guide says: "export" (导出, "send me the video") renders the MP4 and downloads it here (Ctrl-C
cancels the render); "credits" (积分, 余额) and "status" (状态, "show tracks") are answered without a chat;
everything else goes to the agent. Its answers are printed as they come, its GUI phrases ("click the
Export button") turned into what to type here; a spinner says what it is doing, and "⏳ Still working…"
comes after each 2 minutes without text (NEMO_STILL_WORKING_MS). A turn that ends without text, or whose
stream is cut, is followed by reading the timeline until it changed, and what changed is shown.

Ctrl-C stops the answer in progress (the agent may still finish it on the server); Ctrl-C at the prompt
or Ctrl-D leaves. Lines can be piped in: each is sent when the previous one is done. A failed turn is
reported with what to do, and the chat goes on; the exit code is then that of the last failure (a cut
stream whose change then shows on the timeline is not a failure).

With --json, stdout has one object per line: {"type":"session","sessionId","resumed"}, {"type":"message",
"text"}, {"type":"timeline","summary","changes"}, {"type":"offer","action","message"},
{"type":"result","kind",…}, {"type":"turn_end","sessionId"}, {"type":"error","error":{…}}; the slash
commands print their command's JSON.

${SLASH_HELP}

Options:
  --session <id>   continue a session (from "generate" or an earlier chat) instead of starting one
  --picture        on a terminal, draw the timeline as a picture (as "status" does) under each update of it`,
  options: { session: { type: 'string', short: 's' }, picture: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const resume = typeof values.session === 'string' && values.session.trim() ? values.session.trim() : undefined;
    if (values.picture) ctx = { ...ctx, pictures: true };
    const studio = openStudio(ctx, resume);
    let exitCode = 0;
    // A failed step is reported and the chat goes on; the exit code is the last failure's.
    const report = (error: unknown) => reportError(ctx.out, error, (exitCode = exitCodeFor(error)), ctx.facts, { type: 'error' });
    const connected = await runStep(ctx, studio.connect({ signal: ctx.signal }), 'result');
    if (connected.failure) {
      report(new RemedyError(connected.failure));
      return exitCode;
    }
    ctx.out.note('Type a message and press Enter (/help for commands, Ctrl-D to leave).');

    const prompting = ctx.interactive && !!ctx.io.stdin.isTTY;
    const rl = createInterface({ input: ctx.io.stdin, output: prompting ? (ctx.io.stdout as NodeJS.WritableStream) : undefined, terminal: prompting });
    rl.setPrompt('› ');
    let turn: AbortController | undefined;
    let leftWithCtrlC = false;
    // On a terminal readline takes Ctrl-C as a key: it stops the answer in progress, or leaves at the prompt.
    rl.on('SIGINT', () => {
      if (turn) turn.abort(new InterruptedError('Stopped.'));
      else {
        leftWithCtrlC = true;
        rl.close();
      }
    });

    // Ctrl-D during a turn closes the interface then; a prompt after that would resume stdin and keep the
    // process alive at a prompt that reads nothing.
    let closed = false;
    rl.once('close', () => (closed = true));
    const prompt = () => prompting && !closed && rl.prompt();
    prompt();
    try {
      for await (const raw of rl) {
        const line = raw.trim();
        if (!line) {
          prompt();
          continue;
        }
        if (/^\/(quit|exit)$/i.test(line)) break;
        const intent = line.startsWith('/') ? undefined : routeIntent(line);
        turn = new AbortController();
        const turnCtx: CommandContext = { ...ctx, signal: AbortSignal.any([ctx.signal, turn.signal]) };
        try {
          if (line.startsWith('/')) await slashCommand(turnCtx, studio.sessionId!, line);
          else await say(turnCtx, studio, line, intent!, report);
        } catch (error) {
          ctx.progress.done();
          if (ctx.signal.aborted) throw error; // Ctrl-C from outside a terminal, or SIGTERM: the run ends
          if (turn.signal.aborted) ctx.out.note(intent === 'chat' ? 'Stopped. (The agent may still finish that on the server.)' : 'Stopped.');
          else if (error instanceof AuthenticationError || !(error instanceof NemoVideoError || error instanceof CliError)) throw error;
          else report(error);
        } finally {
          turn = undefined;
          ctx.progress.done();
        }
        prompt();
      }
    } finally {
      rl.close();
      if (prompting) ctx.io.stdout.write('\n');
    }
    if (leftWithCtrlC) throw new InterruptedError();
    return exitCode;
  },
};

/**
 * One line to Studio, routed as the spec says: "export" (导出, "send me the video"…) renders and downloads
 * here, with the render cancelled on Ctrl-C; "upload" points at /upload; the rest (credits, status, and
 * everything for the agent) is Studio's. A turn that failed is reported (before its end) with `report`.
 */
async function say(ctx: CommandContext, studio: Studio, line: string, intent: Intent, report: (error: unknown) => void): Promise<void> {
  if (intent === 'export') {
    await exportCommand.run(ctx, { values: { session: studio.sessionId }, positionals: [] });
    return;
  }
  if (intent === 'upload') return ctx.out.note('Send files with /upload <file...> (mp4, mov, png, jpg… up to 200 MB each).');
  const updates = intent === 'chat' ? askAgent(ctx, studio, line) : studio.say(line, { intent, signal: ctx.signal });
  const { failure } = await runStep(ctx, updates, 'result');
  if (failure) report(new RemedyError(failure));
  ctx.out.result({ type: 'turn_end', sessionId: studio.sessionId });
}

/** `/status`, `/export out.mp4`…: the CLI's own commands, run on this session. */
async function slashCommand(ctx: CommandContext, sessionId: string, line: string): Promise<void> {
  const [name = '', ...args] = line.slice(1).split(/\s+/);
  const values = { session: sessionId };
  switch (name.toLowerCase()) {
    case 'status':
      await statusCommand.run(ctx, { values, positionals: [] });
      return;
    case 'credits':
      await creditsCommand.run(ctx, { values: {}, positionals: [] });
      return;
    case 'upload':
      if (!args.length) return ctx.out.note('Usage: /upload <file...>');
      await uploadCommand.run(ctx, { values, positionals: args });
      return;
    case 'export':
      await exportCommand.run(ctx, { values: { ...values, ...(args[0] && { out: args[0] }) }, positionals: [] });
      return;
    case 'session':
      ctx.out.result({ type: 'session', sessionId }, `Session ${sessionId}`);
      return;
    case 'help':
      ctx.out.text(`${SLASH_HELP}\n`);
      return;
    default:
      ctx.out.note(`Unknown command "/${name}": /help lists them.`);
  }
}
