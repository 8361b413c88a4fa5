import { redact } from 'nemo-video';
import type { JobUpdate } from 'nemo-video/jobs';
import { remedyText, type BatchRow } from './batch-summary.js';
import { barOf } from './progress.js';
import type { Output } from './output.js';

/**
 * A batch's progress for a person, on stderr. On a terminal: one live line per running job (its step, or a
 * bar with the render's percentage), redrawn in place under the lines of the jobs that ended, with a count
 * of the run at the bottom. Elsewhere: plain lines, `[id] step`, a render's percentage every 25%. With
 * `--quiet`: nothing.
 */
export interface BatchProgress {
  /** A job an earlier run left unfinished, before the run (it continues from `checkpoint`). */
  resuming(id: string, checkpoint: string, renderId: string | undefined): void;
  /** What a job reported (a checkpoint, progress, a pause of the run). */
  update(update: JobUpdate): void;
  /** A job ended (or was found ended by an earlier run): its line stays. */
  finished(result: BatchRow): void;
  /** Ends the display (the live lines are cleared). */
  stop(): void;
}

/** How a result reads at the end of its job's line. */
export function resultLine(result: BatchRow): string {
  switch (result.status) {
    case 'done':
      return `done: ${result.file ?? result.url}`;
    case 'needs_attention':
      return `needs attention: ${result.attention?.message ?? result.remedy?.message ?? ''}`.trim();
    case 'not_started':
      return result.remedy ? remedyText(result) : 'not started';
    case 'interrupted':
      return `interrupted at ${result.checkpoint}`;
    default:
      return `failed: ${result.remedy ? remedyText(result) : (result.error?.message ?? 'unknown error')}`;
  }
}

/** Picks the display: silent with `--quiet`, live lines on a terminal, plain lines otherwise. */
export function createBatchProgress(out: Output, stderr: NodeJS.WritableStream, { quiet, interactive, ids }: { quiet: boolean; interactive: boolean; ids: readonly string[] }): BatchProgress {
  if (quiet) return { resuming() {}, update() {}, finished() {}, stop() {} };
  return interactive ? new LiveBatchProgress(out, stderr as NodeJS.WriteStream, ids) : new PlainBatchProgress(out);
}

/** A plain progress line is printed each time a job's percentage has moved this much (and at 100). */
const PLAIN_STEP_PERCENT = 25;

/** Plain lines for logs and pipes: each job's steps as they are written, prefixed with its id. */
class PlainBatchProgress implements BatchProgress {
  readonly #out: Output;
  /** The jobs that printed a step. */
  readonly #spoke = new Set<string>();
  /** The last percentage printed, per job and stage. */
  readonly #percent = new Map<string, number>();

  constructor(out: Output) {
    this.#out = out;
  }

  #line(id: string, text: string): void {
    this.#out.note(`[${id}] ${text}`);
  }

  resuming(id: string, checkpoint: string, renderId: string | undefined): void {
    this.#line(id, `Continuing from ${checkpoint}${renderId ? `: waiting on render ${renderId}, already submitted` : ''}.`);
  }

  update(update: JobUpdate): void {
    // The agent's words are the session's to read: a batch's log is its jobs' steps.
    if (update.type === 'agent') return;
    if (update.type !== 'progress') {
      this.#spoke.add(update.jobId);
      return this.#line(update.jobId, update.message);
    }
    const key = `${update.jobId} ${update.stage}`;
    const percent = Math.max(0, Math.min(100, Math.floor(update.percent)));
    const last = this.#percent.get(key) ?? -1;
    if (percent === last || (percent - last < PLAIN_STEP_PERCENT && percent !== 100)) return;
    this.#percent.set(key, percent);
    this.#line(update.jobId, `${update.stage} ${percent}%`);
  }

  finished(result: BatchRow): void {
    // A job that ran printed its end as its last checkpoint; one that did not run (done or waiting for a person
    // since an earlier run, or not started) says so here.
    if (!this.#spoke.has(result.id) || result.status === 'not_started') this.#line(result.id, `${resultLine(result)}${result.status === 'done' ? ' (earlier run)' : ''}`);
  }

  stop(): void {}
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const REDRAW_MS = 100;
const BAR_WIDTH = 16;

/**
 * Live lines on a terminal, redrawn in place every 100 ms while jobs run. Anything else written to stderr
 * meanwhile (the SDK's notes, Ctrl-C's) goes above them: stderr's `write` is wrapped until `stop`, as
 * yocto-spinner does for its one line.
 */
class LiveBatchProgress implements BatchProgress {
  readonly #out: Output;
  readonly #stderr: NodeJS.WriteStream;
  /** stderr's own write, which the live lines use. */
  readonly #write: (text: string) => void;
  readonly #wrapped: NodeJS.WriteStream['write'];
  readonly #ids: readonly string[];
  readonly #width: number;
  /** The running jobs' steps, in the order they started. */
  readonly #steps = new Map<string, string>();
  readonly #ended = new Map<string, BatchRow['status']>();
  #drawn = 0;
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #note = '';

  constructor(out: Output, stderr: NodeJS.WriteStream, ids: readonly string[]) {
    this.#out = out;
    this.#stderr = stderr;
    this.#ids = ids;
    this.#width = Math.min(24, Math.max(...ids.map((id) => id.length)));
    const write = stderr.write;
    // Like every line the CLI prints, through redact: nothing that looks like a token is shown.
    this.#write = (text) => void write.call(stderr, redact(text));
    this.#wrapped = write;
    stderr.write = ((...args: Parameters<NodeJS.WriteStream['write']>) => {
      this.#clear();
      const written = (write as (...a: unknown[]) => boolean).apply(stderr, args);
      this.#draw();
      return written;
    }) as NodeJS.WriteStream['write'];
    this.#write('\x1b[?25l'); // the cursor hidden while the lines animate
    this.#timer = setInterval(() => {
      this.#frame = (this.#frame + 1) % FRAMES.length;
      this.#draw();
    }, REDRAW_MS);
    this.#timer.unref();
  }

  resuming(): void {
    // Its live line shows its steps once it runs; until then it counts as waiting.
  }

  update(update: JobUpdate): void {
    if (this.#ended.has(update.jobId) || update.type === 'agent') return;
    if (update.type === 'paused') this.#note = update.message;
    else if (update.type === 'progress') this.#steps.set(update.jobId, `${update.stage} ${barOf(update.percent, BAR_WIDTH)} ${String(Math.floor(update.percent)).padStart(3)}%`);
    else if (update.status === 'running') this.#steps.set(update.jobId, update.message);
    this.#draw();
  }

  finished(result: BatchRow): void {
    this.#steps.delete(result.id);
    this.#ended.set(result.id, result.status);
    const mark = result.status === 'done' ? this.#out.paint('green', '✔') : this.#out.paint('red', result.status === 'failed' ? '✖' : '!');
    this.#print(`${mark} ${result.id.padEnd(this.#width)} ${resultLine(result)}`);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clear();
    this.#write('\x1b[?25h');
    this.#stderr.write = this.#wrapped;
  }

  /** A line that stays, above the live ones. */
  #print(line: string): void {
    this.#clear();
    this.#write(`${line}\n`);
    this.#draw();
  }

  #clear(): void {
    if (this.#drawn) this.#write(`\r\x1b[${this.#drawn}A\x1b[0J`);
    this.#drawn = 0;
  }

  #draw(): void {
    if (!this.#timer) return;
    const columns = this.#stderr.columns || 80;
    const room = Math.max(1, (this.#stderr.rows || 24) - 3);
    const fit = (line: string) => (line.length >= columns ? `${line.slice(0, columns - 2)}…` : line);
    const running = [...this.#steps];
    const lines = running.slice(0, room).map(([id, step]) => fit(`${FRAMES[this.#frame]} ${id.padEnd(this.#width)} ${step}`));
    if (running.length > room) lines.push(`  … and ${running.length - room} more running`);
    const count = (status: string) => [...this.#ended.values()].filter((s) => s === status).length;
    const waiting = this.#ids.length - this.#ended.size - running.length;
    const failed = this.#ended.size - count('done');
    lines.push(this.#out.paint('dim', fit(`${count('done')}/${this.#ids.length} done · ${running.length} running · ${waiting} waiting${failed ? ` · ${failed} not done` : ''}${this.#note ? ` · ${this.#note}` : ''}`)));
    this.#clear();
    this.#write(`${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }
}
