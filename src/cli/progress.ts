import yoctoSpinner, { type Spinner } from 'yocto-spinner';
import type { Output } from './output.js';

/**
 * Progress for a person, on stderr. On a terminal: one animated line (a spinner with a step, or a bar with a
 * percentage) that other output scrolls above; elsewhere: plain lines such as `render 40%`, printed only
 * when something changed; with `--quiet`: nothing.
 */
export interface Progress {
  /** What is being done now, e.g. `Setting things up…` or `Working: edit multitrack…`. */
  step(text: string): void;
  /** How far a measurable job is: `label` (e.g. `render`, `upload cover.png`) and 0-100. */
  bar(label: string, percent: number): void;
  /** Ends the animation, leaving `line` (if given) as a finished step. */
  done(line?: string): void;
}

/** Width of the bar in characters. */
const BAR_WIDTH = 24;
/** A plain progress line is printed each time the percentage has moved this much (and at 100). */
const PLAIN_STEP_PERCENT = 5;

const clampPercent = (percent: number) => Math.max(0, Math.min(100, Math.floor(Number.isFinite(percent) ? percent : 0)));

/** `████████░░░░░░░░░░░░░░░░` for 33%. */
export function barOf(percent: number, width = BAR_WIDTH): string {
  const filled = Math.round((clampPercent(percent) / 100) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** Picks the progress display: silent with `--quiet`, animated on a terminal, plain lines otherwise. */
export function createProgress(output: Output, stderr: NodeJS.WritableStream, { quiet, interactive }: { quiet: boolean; interactive: boolean }): Progress {
  if (quiet) return { step() {}, bar() {}, done() {} };
  return interactive ? new TerminalProgress(output, stderr) : new PlainProgress(stderr);
}

/** Plain lines, for logs and pipes: a line per new step, a line per few percent. */
class PlainProgress implements Progress {
  readonly #stderr: NodeJS.WritableStream;
  #lastStep: string | undefined;
  #bar: { label: string; percent: number } | undefined;

  constructor(stderr: NodeJS.WritableStream) {
    this.#stderr = stderr;
  }

  step(text: string): void {
    if (text === this.#lastStep) return;
    this.#lastStep = text;
    this.#bar = undefined;
    this.#stderr.write(`${text}\n`);
  }

  bar(label: string, percent: number): void {
    const value = clampPercent(percent);
    const last = this.#bar?.label === label ? this.#bar.percent : undefined;
    if (last !== undefined && (value === last || (value - last < PLAIN_STEP_PERCENT && value !== 100))) return;
    this.#bar = { label, percent: value };
    this.#lastStep = undefined;
    this.#stderr.write(`${label} ${value}%\n`);
  }

  done(line?: string): void {
    this.#lastStep = undefined;
    this.#bar = undefined;
    if (line) this.#stderr.write(`${line}\n`);
  }
}

/**
 * One live line on a terminal, drawn by yocto-spinner: it hides the cursor, redraws in place, and moves
 * itself below anything else written to stdout or stderr meanwhile (the agent's words, notes).
 */
class TerminalProgress implements Progress {
  readonly #output: Output;
  readonly #spinner: Spinner;
  #text = '';

  constructor(output: Output, stderr: NodeJS.WritableStream) {
    this.#output = output;
    // Signals are the CLI's to handle: Ctrl-C cancels work before the process ends.
    this.#spinner = yoctoSpinner({ stream: stderr as NodeJS.WriteStream, handleSignals: false });
  }

  #show(text: string): void {
    if (text === this.#text && this.#spinner.isSpinning) return;
    this.#text = text;
    if (this.#spinner.isSpinning) this.#spinner.text = text;
    else this.#spinner.start(text);
  }

  step(text: string): void {
    this.#show(text);
  }

  bar(label: string, percent: number): void {
    const value = clampPercent(percent);
    this.#show(`${label} ${barOf(value)} ${String(value).padStart(3)}%`);
  }

  done(line?: string): void {
    this.#text = '';
    if (this.#spinner.isSpinning) this.#spinner.stop(line && `${this.#output.paint('green', '✔')} ${line}`);
    else if (line) this.#output.note(`${this.#output.paint('green', '✔')} ${line}`);
  }
}
