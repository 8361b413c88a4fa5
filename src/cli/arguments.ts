import { parseArgs } from 'node:util';
import type { Command, OptionSpec, ParsedArgs } from './command.js';
import { UsageError } from './errors.js';

/** Options every command takes, before or after the command's name. */
export const GLOBAL_OPTIONS = {
  'base-url': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies OptionSpec;

/** The help block of the global options. */
export const GLOBAL_HELP = `Global options:
  --base-url <url>  the API to use (default: $NEMO_BASE_URL, else https://mega-api-prod.nemovideo.ai)
  --json            print results as JSON, one object per line on stdout (progress stays on stderr)
  -q, --quiet       no progress and no notes: only results and errors
  -h, --help        this help; "nemo-video <command> --help" for a command's own
  -v, --version     print the version`;

/** The global options' values. */
export interface GlobalValues {
  'base-url'?: string | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  help?: boolean | undefined;
  version?: boolean | undefined;
}

/**
 * Finds the command's name (the first argument that is neither an option nor a global option's value) and
 * returns it with the other arguments, in their order.
 */
export function splitCommand(argv: string[]): { name: string | undefined; rest: string[]; globals: GlobalValues } {
  const { tokens, values } = parseArgs({ args: argv, options: GLOBAL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((token) => token.kind === 'positional' || token.kind === 'option-terminator');
  if (!first || first.kind !== 'positional') return { name: undefined, rest: argv, globals: values as GlobalValues };
  return { name: first.value, rest: argv.filter((_, i) => i !== first.index), globals: values as GlobalValues };
}

/**
 * `--seconds -3` as `--seconds=-3`: parseArgs reads a value that starts with a dash as another option and
 * refuses it as "ambiguous", when the option's own check has the message a person needs (its range).
 */
function joinNegativeValues(args: string[], options: Command['options']): string[] {
  const takesValue = (arg: string) =>
    Object.entries(options).some(([name, o]) => o.type === 'string' && (arg === `--${name}` || (o.short !== undefined && arg === `-${o.short}`)));
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [arg, next] = [args[i]!, args[i + 1]];
    if (next !== undefined && /^-\d/.test(next) && takesValue(arg)) {
      joined.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

/** Parses a command's arguments with its options and the global ones; checks the number of positionals. */
export function parseCommandArgs(command: Command, args: string[]): ParsedArgs & { values: GlobalValues } {
  let parsed: ReturnType<typeof parseArgs>;
  const options = { ...GLOBAL_OPTIONS, ...command.options };
  try {
    parsed = parseArgs({ args: joinNegativeValues(args, options), options, strict: true, allowPositionals: true });
  } catch (error) {
    // node's own messages go on about '--' and positionals: the first sentence is what a person needs.
    const first = /^[^.]*\./.exec((error as Error).message)?.[0] ?? (error as Error).message;
    throw new UsageError(`${first.replace(/\.$/, '')} (in "${command.name}").`);
  }
  const { values, positionals } = parsed;
  const { min, max, what } = command.positionals;
  if (positionals.length < min) {
    const needed = what ?? `${min === max ? min : `at least ${min}`} argument${min === 1 ? '' : 's'}`;
    throw new UsageError(`"${command.name}" needs ${needed}${needed.endsWith('"') ? '' : '.'}`);
  }
  if (positionals.length > max) {
    throw new UsageError(max === 0 ? `"${command.name}" takes no arguments, got "${positionals[0]}".` : `"${command.name}" takes at most ${max} argument${max === 1 ? '' : 's'}.`);
  }
  return { values: values as ParsedArgs['values'] & GlobalValues, positionals };
}

/** A `--seconds`-like option as a positive number, or a UsageError naming the option. */
export function positiveNumber(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!raw.trim() || !Number.isFinite(value) || value <= 0 || value > max) throw new UsageError(`--${name} must be a number above 0 and at most ${max}, got "${raw}".`);
  return value;
}

/** A required string option, or a UsageError that says how to pass it. */
export function required(name: string, raw: unknown, example: string): string {
  if (typeof raw !== 'string' || !raw.trim()) throw new UsageError(`--${name} is required, e.g. --${name} ${example}.`);
  return raw.trim();
}
