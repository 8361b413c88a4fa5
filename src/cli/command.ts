import type { ParseArgsConfig } from 'node:util';
import type { CommandContext } from './context.js';

/** The options a command takes, in node:util parseArgs' form. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What parseArgs made of a command line. */
export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** One `nemo-video <command>`. */
export interface Command {
  name: string;
  /** One line for the command list of `nemo-video --help`. */
  summary: string;
  /** The whole `nemo-video <command> --help` text, without the global options and exit codes. */
  help: string;
  /** Its own options (the global ones are added to every command). */
  options: OptionSpec;
  /** How many positional arguments it takes, and what they are (for the usage error), e.g. `a script`. */
  positionals: { min: number; max: number; what?: string };
  /** Ctrl-C is its normal way to stop (the emulator): no "cancelling" note, exit 0. */
  stopsOnInterrupt?: boolean;
  /** What Ctrl-C's first note says, when the command does more than cancel (default: `Interrupted: cancelling…`). */
  interruptNote?: string;
  /** It makes a session of its own (generate): when it fails, say how to carry on with that session. */
  startsSession?: boolean;
  /** Runs the command; resolves to its exit code (0 when nothing is returned). */
  run(ctx: CommandContext, args: ParsedArgs): Promise<number | void>;
}
