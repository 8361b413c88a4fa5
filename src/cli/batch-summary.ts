import { recordResult, type JobRecord, type RecordResult } from 'nemo-video/jobs';
import { remedyLine } from './errors.js';

/**
 * One job at the end of a batch: its result, or, when the batch was interrupted, what its record says
 * (`interrupted`: it stopped at `checkpoint`, and a rerun continues it).
 */
export type BatchRow = RecordResult;

/** A job's row after an interrupt, from its record (undefined: it never started). */
export function rowOfRecord(id: string, record: JobRecord | undefined): BatchRow {
  if (record) return recordResult(record);
  return { id, status: 'not_started', sessionId: undefined, renderId: undefined, url: undefined, file: undefined, checkpoint: undefined, error: undefined, remedy: undefined, attention: undefined };
}

/** A render that may still be running, named in the record: a rerun waits on it rather than paying for another. */
export const liveRender = (record: JobRecord | undefined): string | undefined =>
  record?.render && (record.render.status === 'submitting' || record.render.status === 'submitted') ? record.render.id : undefined;

/**
 * A row's remedy as one line (see remedyLine): a row read from a record has only the plain copy of its
 * error, which still carries the server's words (an emulator's way to more credits).
 */
export const remedyText = (row: BatchRow): string => (row.remedy ? remedyLine({ ...row.remedy, error: row.remedy.error ?? row.error }) : '');

/** The last column: where the video is, or what stopped the job and what to do. */
function outcomeOf(row: BatchRow): string {
  switch (row.status) {
    case 'done':
      return row.file ?? row.url ?? '';
    case 'interrupted':
      return `stopped at ${row.checkpoint}: run again to continue`;
    case 'needs_attention':
      return row.attention?.message ?? row.remedy?.message ?? '';
    default:
      // The status column already says "not started".
      return row.remedy ? remedyText(row).replace(/^Not started: /, '') : (row.error?.message ?? '');
  }
}

const STATUS_WORDS: Record<BatchRow['status'], string> = {
  done: 'done',
  failed: 'failed',
  needs_attention: 'needs attention',
  not_started: 'not started',
  interrupted: 'interrupted',
};

/** The summary table (id, status, session, render, output or error) and a count, as lines for stdout. */
export function summaryTable(rows: readonly BatchRow[]): string[] {
  const cells = rows.map((row) => [row.id, STATUS_WORDS[row.status], row.sessionId ?? '-', row.renderId ?? '-', outcomeOf(row)]);
  const table = [['id', 'status', 'session', 'render', 'output / error'], ...cells];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((cell) => cell[column]!.length)));
  const lines = table.map((cell) => cell.map((text, column) => (column === cell.length - 1 ? text : text.padEnd(widths[column]!))).join('  ').trimEnd());
  const counts = Object.entries(STATUS_WORDS)
    .map(([status, word]) => [rows.filter((row) => row.status === status).length, word] as const)
    .filter(([n]) => n > 0)
    .map(([n, word]) => `${n} ${word}`);
  return [...lines, `${rows.length} job${rows.length === 1 ? '' : 's'}: ${counts.join(', ')}.`];
}

/**
 * The plain JSON of a row, as `--json` prints it (one line per job), without undefined fields, and without the
 * remedy's copy of the error (`error` has it).
 */
export function rowJson(row: BatchRow): Record<string, unknown> {
  const remedy = row.remedy && { ...row.remedy, error: undefined };
  return JSON.parse(JSON.stringify({ ...row, remedy })) as Record<string, unknown>;
}
