import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isHttpUrl } from 'nemo-video';
import type { JobAspect, VideoJobSpec } from 'nemo-video/jobs';
import { InputFileError, ManifestError, type ManifestProblem } from './errors.js';
import { inputFileProblem } from './input-files.js';

/** A manifest's job, as read from its line. */
export interface ManifestJob {
  /** The line it is on, from 1. */
  line: number;
  /** The spec as written (images as in the file: URLs, or paths relative to the manifest's folder; no `out`). */
  spec: VideoJobSpec;
  /** The line's own `out`, as written, if any (relative to the batch's --out folder). */
  out: string | undefined;
}

const FIELDS = ['id', 'script', 'images', 'aspect', 'seconds', 'edits', 'out'];
const JOB_ID = /^(?!\.+$)[\w.-]{1,128}$/;
const ASPECTS: readonly string[] = ['16:9', '9:16', '1:1'];
/** As `generate --seconds`. */
const MAX_SECONDS = 600;

const shown = (value: unknown) => (typeof value === 'string' ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : JSON.stringify(value) ?? String(value));
const nonEmptyStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '');

/**
 * What is wrong with one line's job, each problem on its own (an empty list when it can run). Image paths are
 * checked on disk (relative to `folder`), as `generate --image` checks its files; nothing is sent.
 */
async function problemsOf(job: Record<string, unknown>, folder: string): Promise<string[]> {
  const problems: string[] = [];
  for (const key of Object.keys(job)) if (!FIELDS.includes(key)) problems.push(`unknown field "${key}" (a job has ${FIELDS.join(', ')})`);
  const { id, script, images, aspect, seconds, edits, out } = job;
  if (id === undefined) problems.push('"id" is missing: give each job an id, e.g. "id": "city-1"');
  else if (typeof id !== 'string' || !JOB_ID.test(id)) problems.push(`"id" must be letters, digits, _ . - (up to 128), got ${shown(id)}`);
  if (typeof script !== 'string' || !script.trim()) problems.push(`"script" must be a non-empty string${script === undefined ? ' (it is missing)' : `, got ${shown(script)}`}`);
  if (aspect !== undefined && !ASPECTS.includes(aspect as string)) problems.push(`"aspect" must be one of ${ASPECTS.join(', ')}, got ${shown(aspect)}`);
  if (seconds !== undefined && !(typeof seconds === 'number' && seconds > 0 && seconds <= MAX_SECONDS)) {
    problems.push(`"seconds" must be a number above 0 and at most ${MAX_SECONDS}, got ${shown(seconds)}`);
  }
  if (edits !== undefined && !nonEmptyStrings(edits)) problems.push('"edits" must be a list of non-empty strings, e.g. ["add lo-fi background music"]');
  if (out !== undefined && (typeof out !== 'string' || !out.trim())) problems.push(`"out" must be a file name such as "city.mp4", got ${shown(out)}`);
  if (images !== undefined && !nonEmptyStrings(images)) problems.push('"images" must be a list of paths or URLs, e.g. ["shots/city.jpg"]');
  else {
    for (const [i, image] of (images ?? []).entries()) {
      if (isHttpUrl(image)) continue;
      const problem = await inputFileProblem(resolve(folder, image));
      if (problem) problems.push(`images[${i}] ${shown(image)}: ${problem.message}`);
    }
  }
  return problems;
}

/**
 * Reads a JSON Lines manifest of jobs (one spec per line; blank lines skipped) and checks every line before
 * anything is sent: JSON, fields and their types, each id once, each image file on disk. Image paths are
 * relative to the manifest's folder. A manifest with any bad line is refused whole, with every problem and
 * its line number (a {@link ManifestError}, exit 5).
 */
export async function readManifest(path: string): Promise<ManifestJob[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new InputFileError(`No manifest at "${path}": check the path.`);
  if (!info.isFile()) throw new InputFileError(`"${path}" is not a file: the manifest is a file of JSON lines, one job a line.`);
  const folder = dirname(resolve(path));
  // A byte-order mark (editors on Windows write one) is not part of the first job.
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const jobs: ManifestJob[] = [];
  const problems: ManifestProblem[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (!raw.trim()) continue;
    let job: unknown;
    try {
      job = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, message: `not valid JSON (${(error as Error).message}): each line is one job, e.g. {"id": "city", "script": "Cities never sleep."}` });
      continue;
    }
    if (!job || typeof job !== 'object' || Array.isArray(job)) {
      problems.push({ line, message: `a job must be a JSON object such as {"id": "city", "script": "…"}, got ${shown(job)}` });
      continue;
    }
    const record = job as Record<string, unknown>;
    for (const message of await problemsOf(record, folder)) problems.push({ line, message });
    if (typeof record.id === 'string') {
      const first = seen.get(record.id);
      if (first !== undefined) problems.push({ line, message: `id "${record.id}" is already used on line ${first}: each job needs its own id` });
      else seen.set(record.id, line);
    }
    const { out, ...spec } = record;
    jobs.push({ line, spec: spec as unknown as VideoJobSpec & { aspect?: JobAspect }, out: out as string | undefined });
  }
  if (problems.length) {
    const count = new Set(problems.map((p) => p.line)).size;
    throw new ManifestError(`${path}: ${count} bad line${count === 1 ? '' : 's'} (listed above); nothing was sent. Fix ${count === 1 ? 'it' : 'them'} and run again.`, problems);
  }
  if (!jobs.length) throw new ManifestError(`${path} has no jobs: write one JSON object a line, e.g. {"id": "city", "script": "Cities never sleep."}`, []);
  return jobs;
}
