// A JobStore (nemo-video/jobs) on a BullMQ job's own data: the job's record lives in `job.data.record`,
// next to its spec, so whichever worker holds the job next finds where the last one stopped.

/**
 * The store of one BullMQ `job`, held by this worker under `token` (the processor's second argument).
 *
 * Why this is safe:
 * - One runner at a time. A worker holds a job under a lock in Redis and renews it while it runs; a job
 *   whose worker died (its lock expired) is moved back to `wait` by another worker's stalled check and
 *   fetched again. Each write here first extends the lock under this worker's token, and refuses to write
 *   when the lock is someone else's: a worker that lost its job (it stalled past `lockDuration`, and another
 *   took the job over) stops at its next checkpoint instead of writing over the new owner's record. The
 *   write that follows happens inside the lock it has just renewed, and so does the step it announces.
 * - Nothing is lost in a move. Moving a stalled job back to `wait` leaves its data as it is, so the next
 *   worker reads the last record written here, and `runVideoJob` resumes from it: it waits on a recorded
 *   render, confirms a message that may have been sent by the session's state, and never sends it again.
 * - One write replaces the whole data (`job.updateData`, one Redis HSET), so a reader sees the old record or
 *   the new one, as `JobStore` asks.
 *
 * @param {import('bullmq').Job} job
 * @param {string} token
 * @param {number} lockDuration the worker's `lockDuration`, in ms
 * @returns {import('nemo-video/jobs').JobStore}
 */
export function jobDataStore(job, token, lockDuration) {
  const own = (id) => {
    if (id !== job.data.spec.id) throw new Error(`The store of queue job ${job.id} holds job "${job.data.spec.id}" only, not "${id}".`);
  };
  return {
    get(id) {
      own(id);
      return job.data.record;
    },
    async set(id, record) {
      own(id);
      if (!(await job.extendLock(token, lockDuration))) {
        throw new Error(`Job "${id}": this worker no longer holds the queue's lock on it (another worker took it over), so it stops here.`);
      }
      await job.updateData({ ...job.data, record });
    },
  };
}
