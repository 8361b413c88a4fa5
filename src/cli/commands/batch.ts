import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { runJobs, type JobFiles, type JobRecord, type JobStore, type JobResult, type JobUpdate, type VideoJobSpec } from 'nemo-video/jobs';
import { fileJobStore, nodeJobFiles, openFile } from 'nemo-video/node';
import { readManifest } from '../batch-manifest.js';
import { createBatchProgress } from '../batch-progress.js';
import { liveRender, rowJson, rowOfRecord, summaryTable, type BatchRow } from '../batch-summary.js';
import { resolveRenderPoll } from '../batch-timings.js';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { ManifestError, UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

const MAX_CONCURRENCY = 64;

/** `.nemo-video/<manifest name>` next to the manifest: the state follows the manifest, whatever the cwd. */
export const defaultStateDir = (manifest: string): string => join(dirname(manifest), '.nemo-video', basename(manifest, extname(manifest)));

function concurrencyOf(raw: string | undefined): number {
  if (raw === undefined) return 2;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${raw}".`);
  return value;
}

/** The reasons `--recheck` takes up: a message whose effect did not show. The timeline may show it now. */
const RECHECKED: ReadonlySet<string> = new Set(['unconfirmed_message', 'no_change', 'agent_error']);

/**
 * `--recheck`: a job that needs attention over a message goes back to running, so the run looks at its
 * timeline again (at once, then on the confirm schedule). It never sends the message again: a change goes
 * on to the render, no change ends as needs_attention again.
 */
async function recheck(store: JobStore, records: Array<JobRecord | undefined>): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, record] of records.entries()) {
    if (record?.status !== 'needs_attention' || !RECHECKED.has(record.attention?.reason ?? '')) continue;
    records[i] = { ...record, status: 'running', attention: undefined, updatedAt: Date.now() };
    await store.set(record.id, records[i]!);
    ids.push(record.id);
  }
  return ids;
}

/** The results as stdout shows them: a table and a count, or one JSON object per job with --json. */
function printSummary(ctx: CommandContext, rows: readonly BatchRow[]): void {
  if (ctx.out.mode.json) for (const row of rows) ctx.out.result(rowJson(row));
  else ctx.out.result({}, summaryTable(rows));
}

/** `nemo-video batch <jobs.jsonl>`: many videos as durable jobs, resumable after Ctrl-C or a crash. */
export const batchCommand: Command = {
  name: 'batch',
  summary: 'make many videos from a manifest of jobs (JSON lines); a rerun continues where it stopped',
  help: `nemo-video batch <jobs.jsonl> [--out dir] [--concurrency N] [--state dir] [--recheck]

Makes one video per line of the manifest, as durable jobs (nemo-video/jobs): each job's session, uploads,
messages and render are written to the state folder before and after each step, so Ctrl-C, a crash or a
failure loses nothing. Run the same command again: finished jobs are kept as they are (nothing is sent for
them), and the others continue where they stopped, never sending a message twice or starting a second
render while one runs.

A line is a job: {"id": "city", "script": "Cities never sleep.", "images": ["shots/city.jpg"],
"aspect": "9:16", "seconds": 15, "edits": ["add lo-fi background music"], "out": "city.mp4"}. Only id and
script are needed. Every line is checked before anything is sent; bad lines are listed with their numbers
(exit 5). Image paths are relative to the manifest's folder.

Options:
  -o, --out <dir>          where the MP4s go (default: out): <id>.mp4, or a line's "out" (relative to it)
  -c, --concurrency <n>    how many jobs run at once, 1 to ${MAX_CONCURRENCY} (default 2)
  --state <dir>            where the jobs' records are kept (default: .nemo-video/<manifest name> next
                           to the manifest, e.g. .nemo-video/jobs for jobs.jsonl)
  --recheck                jobs that need attention because a message's effect did not show: look at their
                           timelines again, and go on where the message did run (never sends it again)

Ends with a table (id, status, session, render, output or error), or one JSON object per job with --json.
Exit 0 when every job is done, 11 when some are not (failed, needs attention, not started), 130 on Ctrl-C.

Example:
  nemo-video batch jobs.jsonl --out videos --concurrency 4`,
  options: {
    out: { type: 'string', short: 'o' },
    concurrency: { type: 'string', short: 'c' },
    state: { type: 'string' },
    recheck: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1, what: 'a manifest of jobs, e.g. nemo-video batch jobs.jsonl' },
  interruptNote: 'Interrupted: stopping each job at its next step; its state is kept (Ctrl-C again to quit at once)',
  async run(ctx, { values, positionals }) {
    // Everything that can be checked locally is, before a request (and a credit) is spent.
    const manifest = positionals[0]!;
    const concurrency = concurrencyOf(values.concurrency as string | undefined);
    const outDir = (values.out as string | undefined) ?? 'out';
    if (!outDir.trim()) throw new UsageError('--out needs a folder, e.g. --out videos.');
    if ((await stat(outDir).catch(() => undefined))?.isFile()) throw new UsageError(`--out: "${outDir}" is a file; batch needs a folder for its MP4s.`);
    const stateDir = (values.state as string | undefined) ?? defaultStateDir(manifest);
    if (!stateDir.trim()) throw new UsageError('--state needs a folder, e.g. --state .nemo-video/jobs.');
    const renderInterval = resolveRenderPoll(ctx.io.env);
    const jobs = await readManifest(manifest).catch((error: unknown) => {
      if (error instanceof ManifestError) for (const { line, message } of error.problems) ctx.out.warn(`${manifest}:${line}: ${message}`);
      throw error;
    });

    const specs: VideoJobSpec[] = jobs.map(({ spec, out }) => ({ ...spec, out: out !== undefined && isAbsolute(out) ? out : join(outDir, out ?? `${spec.id}.mp4`) }));
    for (const folder of new Set(specs.map((spec) => dirname(spec.out!)))) await mkdir(folder, { recursive: true });
    // Image paths are the manifest's, relative to its folder: the records keep them as written.
    const folder = dirname(resolve(manifest));
    const files: JobFiles = { open: (path) => openFile(resolve(folder, path)), save: nodeJobFiles.save };
    const store = fileJobStore(stateDir);
    const ids = specs.map((spec) => spec.id);
    const earlier = await Promise.all(ids.map((id) => store.get(id)));
    const rechecked = values.recheck === true ? await recheck(store, earlier) : [];
    if (rechecked.length) ctx.out.note(`Looking again at the timeline of ${rechecked.join(', ')}: a message is never sent twice.`);
    const kept = earlier.filter((r) => r?.status === 'done' || r?.status === 'needs_attention').length;
    const resumed = earlier.filter((r) => r && r.status !== 'done' && r.status !== 'needs_attention').length;
    ctx.out.note(
      `${ids.length} job${ids.length === 1 ? '' : 's'}, ${concurrency} at a time; state in ${stateDir}${kept || resumed ? ` (${kept} finished earlier, ${resumed} to continue)` : ''}.`,
    );

    const progress = createBatchProgress(ctx.out, ctx.io.stderr, { quiet: ctx.out.mode.quiet, interactive: ctx.interactive, ids });
    const shown = new Set<string>();
    const finished = (row: BatchRow) => {
      shown.add(row.id);
      progress.finished(row);
    };
    earlier.forEach((record, i) => {
      if (record?.status === 'done' || record?.status === 'needs_attention') finished(rowOfRecord(ids[i]!, record));
      else if (record) progress.resuming(record.id, record.checkpoint, liveRender(record));
    });
    const onUpdate = (update: JobUpdate) => {
      progress.update(update);
      if (update.type === 'checkpoint' && update.status !== 'running') finished(rowOfRecord(update.jobId, update.record));
    };

    let results: JobResult[];
    try {
      results = await runJobs(ctx.client(), specs, { store, files, concurrency, signal: ctx.signal, timings: { renderInterval }, onUpdate });
    } catch (error) {
      progress.stop();
      if (!ctx.signal.aborted) throw error;
      // Every job has stopped at a checkpoint: the summary is what the records say.
      const records: Array<JobRecord | undefined> = await Promise.all(ids.map((id) => store.get(id)));
      printSummary(ctx, ids.map((id, i) => rowOfRecord(id, records[i])));
      records.forEach((record, i) => {
        const renderId = liveRender(record);
        if (renderId) ctx.out.warn(`Render ${renderId} of job ${ids[i]} keeps running: the next run waits on it.`);
      });
      ctx.out.warn(`The state is in ${stateDir}: run the same command again to continue (finished jobs are kept).`);
      throw error;
    }
    for (const result of results) if (!shown.has(result.id)) progress.finished(result);
    progress.stop();
    printSummary(ctx, results);
    if (results.some((r) => r.status === 'needs_attention')) {
      ctx.out.note(
        `A job that needs attention is left alone by a rerun: add --recheck to look at its timeline again (nothing is sent twice), or resolve its record in ${stateDir} (see "needs_attention" in docs/pipelines.md).`,
      );
    }
    return results.every((r) => r.status === 'done') ? EXIT.ok : EXIT.incomplete;
  },
};
