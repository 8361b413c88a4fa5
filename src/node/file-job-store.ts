import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, NemoVideoError } from '../core/errors/base.js';
import type { JobRecord } from '../jobs/job-record.js';
import type { ListableJobStore } from '../jobs/job-store.js';

const JOB_ID = /^(?!\.+$)[\w.-]{1,128}$/;
let temporaries = 0;

/**
 * Keeps each job's record in `dir` as one readable JSON file, `<id>.json`: the embedded default for a
 * pipeline on one machine. Every write is crash-safe: the record goes to a temporary file, is flushed to disk
 * (fsync), and is renamed over the old one (then the folder is flushed, so the rename lasts too). A crash at
 * any moment leaves the old record or the new one, never half of one; a temporary file a crash left behind
 * is ignored. A file that cannot be read as JSON is an error, never taken as "not started" (that would start
 * the job over and pay for its messages again).
 *
 * One process per job id at a time (a queue's lock, or one runner); different ids may run in parallel.
 *
 * @example
 * ```ts
 * import { runJobs } from 'nemo-video/jobs';
 * import { fileJobStore, nodeJobFiles } from 'nemo-video/node';
 *
 * const store = fileJobStore('.jobs');
 * await runJobs(nv, specs, { store, files: nodeJobFiles }); // kill it at any point, run it again: it resumes
 * for (const id of await store.list()) console.log(id, (await store.get(id))?.status);
 * ```
 */
export function fileJobStore(dir: string): ListableJobStore {
  if (typeof dir !== 'string' || !dir) throw new InvalidArgumentError('fileJobStore needs a folder, e.g. fileJobStore(".jobs").');
  const pathOf = (id: string) => {
    if (typeof id !== 'string' || !JOB_ID.test(id)) throw new InvalidArgumentError(`A job id must be letters, digits, _ . - (up to 128), got "${String(id).slice(0, 40)}".`);
    return join(dir, `${id}.json`);
  };
  return {
    async get(id) {
      const path = pathOf(id);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return JSON.parse(text) as JobRecord;
      } catch (error) {
        throw new NemoVideoError(`The job record ${path} is not valid JSON: repair it, or delete it to start the job over.`, { cause: error });
      }
    },
    async set(id, record) {
      const path = pathOf(id);
      await mkdir(dir, { recursive: true });
      const temporary = `${path}.${process.pid}.${temporaries++}.tmp`;
      try {
        const file = await open(temporary, 'wx');
        try {
          await file.writeFile(`${JSON.stringify(record, null, 2)}\n`, 'utf8');
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await syncFolder(dir);
    },
    async list() {
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error?.code === 'ENOENT' ? [] : Promise.reject(error)));
      return names
        .filter((name) => name.endsWith('.json'))
        .map((name) => name.slice(0, -'.json'.length))
        .filter((id) => JOB_ID.test(id))
        .sort();
    },
    async delete(id) {
      await rm(pathOf(id), { force: true });
      await syncFolder(dir);
    },
  };
}

/** Flushes the folder itself, so a rename in it survives a power cut. Some platforms cannot open a folder (Windows): there the OS decides. */
async function syncFolder(dir: string): Promise<void> {
  const folder = await open(dir, 'r').catch(() => undefined);
  if (!folder) return;
  try {
    await folder.sync();
  } catch {
    // not supported for folders here
  } finally {
    await folder.close();
  }
}
