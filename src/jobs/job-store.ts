import type { JobRecord } from './job-record.js';

/**
 * Where jobs keep their records: two calls, small enough to put on Redis, a database, or a queue's own job
 * data. `set` replaces the whole record at once (never a partial write: a reader sees the old record or the
 * new one); `get` returns what the last `set` stored, or undefined for a job never started. A job writes only
 * its own record, one write at a time; run one runner per job id (a queue's lock does that).
 *
 * A `get` that cannot read a record should throw, not return undefined: undefined starts the job over, in a
 * new session, and its messages would be paid for again.
 *
 * @example
 * ```ts
 * const redisJobStore = (redis: Redis): JobStore => ({
 *   get: async (id) => JSON.parse((await redis.get(`job:${id}`)) ?? 'null') ?? undefined,
 *   set: async (id, record) => void (await redis.set(`job:${id}`, JSON.stringify(record))),
 * });
 * ```
 */
export interface JobStore {
  /** The job's record, or undefined if it was never started. */
  get(id: string): JobRecord | undefined | Promise<JobRecord | undefined>;
  /** Replaces the job's record, atomically. Called at every checkpoint. */
  set(id: string, record: JobRecord): void | Promise<void>;
}

/**
 * A {@link JobStore} that can also list and forget records (the stores this SDK ships are).
 *
 * @example
 * ```ts
 * for (const id of await store.list()) console.log(id, (await store.get(id))?.status);
 * ```
 */
export interface ListableJobStore extends JobStore {
  /** The job's record, or undefined if it was never started. */
  get(id: string): Promise<JobRecord | undefined>;
  /** Replaces the job's record, atomically. */
  set(id: string, record: JobRecord): Promise<void>;
  /** The ids of every record, sorted. */
  list(): Promise<string[]>;
  /** Forgets a record: the next run of its spec starts over (in a new session). */
  delete(id: string): Promise<void>;
}

/**
 * Keeps records in memory, for the life of the process: resumable within it (a retry after a failure, an
 * abort), not across a crash. Use `fileJobStore` (`nemo-video/node`) or your own store for that.
 *
 * @example
 * ```ts
 * const results = await runJobs(nv, specs, { store: memoryJobStore() });
 * ```
 */
export function memoryJobStore(): ListableJobStore {
  const records = new Map<string, string>();
  return {
    // Kept as JSON: what goes in is exactly what a durable store would give back, never a shared object.
    get: async (id) => {
      const json = records.get(id);
      return json === undefined ? undefined : (JSON.parse(json) as JobRecord);
    },
    set: async (id, record) => void records.set(id, JSON.stringify(record)),
    list: async () => [...records.keys()].sort(),
    delete: async (id) => void records.delete(id),
  };
}
