import { EMULATOR_HELP, emulatorCommand } from './commands/emulator.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: nemo-video <command> [options]

Commands:
  emulator   serve the NemoVideo API, emulated, on 127.0.0.1

${EMULATOR_HELP}`;

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'emulator':
        return await emulatorCommand(args, process.stdout);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${HELP}\n`);
        return 0;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    // parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes: those are usage errors too.
    const usage = error instanceof UsageError || String((error as { code?: unknown })?.code).startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`nemo-video: ${(error as Error).message}\n${usage ? 'Run "nemo-video --help" for usage.\n' : ''}`);
    return usage ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
