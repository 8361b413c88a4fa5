import { redact, VERSION } from 'nemo-video';
import { GLOBAL_HELP, parseCommandArgs, splitCommand } from './arguments.js';
import type { Command } from './command.js';
import { batchCommand } from './commands/batch.js';
import { chatCommand } from './commands/chat.js';
import { creditsCommand } from './commands/credits.js';
import { downloadCommand } from './commands/download.js';
import { emulatorCommand } from './commands/emulator.js';
import { exportCommand } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { statusCommand } from './commands/status.js';
import { uploadCommand } from './commands/upload.js';
import { createContext, createOutput, resolveBaseURL, type CliIO, type CommandContext } from './context.js';
import { InterruptedError, UsageError } from './errors.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.js';
import { reportError } from './report-error.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  generateCommand,
  batchCommand,
  chatCommand,
  uploadCommand,
  creditsCommand,
  statusCommand,
  exportCommand,
  downloadCommand,
  emulatorCommand,
];

const ENVIRONMENT_HELP = `Environment:
  NEMO_BASE_URL    the API to use, as --base-url
  NEMO_TOKEN       a token of your NemoVideo account; without it an anonymous token (100 free credits) is
                   acquired on first use and kept, with its client id, in the credentials file
  XDG_CONFIG_HOME  the credentials file is $XDG_CONFIG_HOME/nemo-video/credentials.json (else
                   ~/.config/nemo-video/credentials.json; credentials.<host>.json for another --base-url),
                   mode 0600; the token is never printed. Delete the file to start over
  NO_COLOR         no colours
  NEMO_DEBUG       print each request (never the token) and the stack of an unexpected error
  NEMO_RENDER_POLL_MS
                   how often batch checks each job's render (default 10000: 10 seconds)
  NEMO_STILL_WORKING_MS
                   how long the agent may be silent before "⏳ Still working…" (default 120000: 2 minutes)`;

const HELP = `Usage: nemo-video <command> [options]

Text and images in, rendered MP4 out, with the NemoVideo agent API.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run "nemo-video <command> --help" for a command's options.

${GLOBAL_HELP}

${ENVIRONMENT_HELP}

${EXIT_CODES_HELP}

Example:
  nemo-video generate "A lighthouse at dawn. Waves roll in." --seconds 8 --out lighthouse.mp4`;

const commandHelp = (command: Command) => `Usage: ${command.help}\n\n${GLOBAL_HELP}\n\n${EXIT_CODES_HELP}`;

const wantsHelp = (args: string[]) => args.some((a) => a === '--help' || a === '-h');

/** The process's own streams and environment. */
const processIO = (): CliIO => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });

/**
 * Runs the CLI with `argv` (without node and the script); resolves to the exit code. Ctrl-C (SIGINT) or
 * SIGTERM aborts the command's signal, so it can cancel what it started; a second one ends the process.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const { name, rest, globals } = splitCommand(argv);
  const fallbackOut = createOutput(io, { json: !!globals.json, quiet: !!globals.quiet });
  const command = COMMANDS.find((c) => c.name === name);
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  let ctx: CommandContext | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      // A second Ctrl-C: stop now, without waiting for the clean-up.
      io.stderr.write('Stopped.\n');
      process.exit(signal === 'SIGTERM' ? 143 : EXIT.interrupted);
    }
    signalled = signal;
    if (!command?.stopsOnInterrupt) (ctx?.out ?? fallbackOut).warn(command?.interruptNote ?? 'Interrupted: cancelling… (Ctrl-C again to quit at once)');
    controller.abort(new InterruptedError());
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    if (!command) {
      if (name === undefined || name === 'help') {
        const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
        if (name === 'help' && rest[0] && !topic) throw new UsageError(`Unknown command "${rest[0]}".`);
        if (globals.version && !topic) io.stdout.write(`${VERSION}\n`);
        else io.stdout.write(`${topic ? commandHelp(topic) : HELP}\n`);
        return EXIT.ok;
      }
      throw new UsageError(`Unknown command "${name}".`);
    }
    if (wantsHelp(rest)) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return EXIT.ok;
    }
    const args = parseCommandArgs(command, rest);
    if (args.values.version) {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    ctx = createContext({
      io,
      baseURL: resolveBaseURL(args.values['base-url'], io.env),
      json: !!args.values.json,
      quiet: !!args.values.quiet,
      signal: controller.signal,
    });
    return (await command.run(ctx, args)) ?? EXIT.ok;
  } catch (caught) {
    ctx?.progress.done();
    const out = ctx?.out ?? fallbackOut;
    // Whatever an abort surfaced as (a DOMException, a stream's AbortError), Ctrl-C is what happened.
    const error = signalled && !command?.stopsOnInterrupt ? controller.signal.reason : caught;
    let code = exitCodeFor(error);
    if (code === EXIT.interrupted && signalled === 'SIGTERM') code = 143;
    reportError(out, error, code, ctx?.facts ?? {});
    if (code === EXIT.usage) out.warn(`Run "nemo-video ${command ? `${command.name} ` : ''}--help" for usage.`);
    const sessionId = ctx?.facts.sessionId;
    if (sessionId && code !== EXIT.usage && command?.startsSession) {
      out.note(`The session is kept: continue with "nemo-video chat --session ${sessionId}" or "nemo-video export --session ${sessionId}".`);
    }
    if (io.env.NEMO_DEBUG && caught instanceof Error && caught.stack) out.warn(redact(caught.stack));
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

process.exitCode = await main(process.argv.slice(2));
