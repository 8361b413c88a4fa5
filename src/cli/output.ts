import { redact } from 'nemo-video';

/** How a run prints: `--json`, `--quiet`, and whether stderr takes colours. */
export interface OutputMode {
  json: boolean;
  quiet: boolean;
  color: boolean;
}

/** The few colours the CLI uses, as ANSI SGR codes (node:util's styleText needs Node 20.12; the package supports 20). */
const STYLES = { red: [31, 39], green: [32, 39], dim: [2, 22] } as const;
type Style = keyof typeof STYLES;

/**
 * Where everything the CLI prints goes. Results go to stdout (one JSON object a line with `--json`, else
 * text); notes, progress and errors go to stderr, so stdout stays clean for pipes. Every line passes
 * through `redact`, so nothing that looks like a token is ever printed.
 */
export class Output {
  readonly #stdout: NodeJS.WritableStream;
  readonly #stderr: NodeJS.WritableStream;
  readonly mode: OutputMode;

  constructor(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, mode: OutputMode) {
    this.#stdout = stdout;
    this.#stderr = stderr;
    this.mode = mode;
  }

  /** A result: with `--json` one JSON object on its own line; else the human lines (if any). */
  result(data: Record<string, unknown>, human?: string | readonly string[]): void {
    if (this.mode.json) this.#stdout.write(`${redact(JSON.stringify(data))}\n`);
    else if (human !== undefined) for (const line of typeof human === 'string' ? [human] : human) this.#stdout.write(`${redact(line)}\n`);
  }

  /** Text for a person on stdout (the agent's words as they stream), never in `--json` mode. */
  text(chunk: string): void {
    if (!this.mode.json) this.#stdout.write(redact(chunk));
  }

  /** What is going on, for a person: stderr, left out with `--quiet`. */
  note(line: string): void {
    if (!this.mode.quiet) this.#stderr.write(`${redact(line)}\n`);
  }

  /** Something a person must know even with `--quiet` (a render cancelled or left running): stderr. */
  warn(line: string): void {
    this.#stderr.write(`${redact(line)}\n`);
  }

  /** The line that ends a failed run: stderr, always. */
  error(line: string): void {
    this.#stderr.write(`${this.paint('red', 'nemo-video:')} ${redact(line)}\n`);
  }

  /** `text` in a terminal style when stderr takes colours, else as is. */
  paint(style: Style, text: string): string {
    const [on, off] = STYLES[style];
    return this.mode.color ? `\x1b[${on}m${text}\x1b[${off}m` : text;
  }
}
