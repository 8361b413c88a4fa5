import type { JobStore } from '../jobs/job-store.js';
import type { StudioFile } from './step-upload.js';
import type { RemedyUpdate, StudioUpdate } from './studio-updates.js';

/**
 * One video of a batch: a file (optional) and the instruction for it.
 *
 * @example
 * ```ts
 * const item: BatchItem = { file: { file: bytes, filename: 'beach.mp4' }, instruction: 'make a 15-second vertical video from beach.mp4' };
 * ```
 */
export interface BatchItem {
  /** Uploaded into the session before the instruction is sent. */
  file?: StudioFile | undefined;
  /** What to make of it, as you would say it to the agent. */
  instruction: string;
}

/**
 * Options of {@link Studio.batch}.
 *
 * @example
 * ```ts
 * await studio.batch(items, { concurrency: 3, onUpdate: (update, i) => console.log(i ?? '-', update.message) });
 * ```
 */
export interface BatchOptions {
  /**
   * How many renders run at once (`separate`: how many items).
   * @default the Studio's `concurrency`, else 2
   */
  concurrency?: number | undefined;
  /**
   * Either way, each item is a job of `nemo-video/jobs` (`runJobs`): checkpointed in `store`, confirmed by the
   * session's state rather than ever sent twice, and under the run's rules (out of credits starts no new
   * item: the rest end with the remedy, "Not started: …"; a 429 pauses every item).
   * `shared` (the default, the spec's "batch style"): the items work in the Studio's one session, taking turns
   * (`runJobs`' `session`): every file is uploaded into it first, one at a time, then the items are edited one
   * by one (one timeline, one turn at a time), each getting its own render of its own timeline while the next
   * is edited. `separate`: each item gets a session of its own and runs whole, `concurrency` at a time;
   * nothing is shared, not even the media the agent sees.
   * @default 'shared'
   */
  sessions?: 'shared' | 'separate' | undefined;
  /**
   * Where each item's job keeps its record (`memoryJobStore()`, `fileJobStore(dir)` from `nemo-video/node`, or
   * your own `JobStore`), under the id `item-<index>`. Run the same items again with the same store to resume:
   * finished items are reported as they are, without a request; the others go on from their last
   * checkpoint, in their own sessions (`separate`) or in the batch's one session, which the Studio switches
   * to (`shared`). Use one store (or one folder) per batch.
   * @default a new memoryJobStore() per call (nothing to resume from)
   */
  store?: JobStore | undefined;
  /**
   * Stops everything not done yet; its reason is thrown. Renders in progress are left running, named in the
   * items' records, so a rerun with the same `store` waits on them instead of paying for new ones.
   * @default undefined (runs until done)
   */
  signal?: AbortSignal | undefined;
  /**
   * Every update, with its item's index (undefined for the shared session's own, e.g. connecting).
   * @default undefined (no callback)
   */
  onUpdate?: ((update: StudioUpdate, index: number | undefined) => void) | undefined;
}

/**
 * What became of one batch item: its video, or what stopped it and at which stage.
 *
 * @example
 * ```ts
 * for (const r of await studio.batch(items)) console.log(r.index, r.ok ? r.url : r.remedy.message);
 * ```
 */
export type BatchResult =
  | {
      /** The item's position in the list given. */
      index: number;
      /** It worked. */
      ok: true;
      /** Where to download its MP4. */
      url: string;
      /** Its render job's id. */
      renderId: string;
      /** The session it was made in. */
      sessionId: string | undefined;
    }
  | {
      /** The item's position in the list given. */
      index: number;
      /** It failed; the other items went on. */
      ok: false;
      /** Where it stopped. */
      stage: 'connect' | 'upload' | 'chat' | 'export';
      /** What went wrong and what the user can do. */
      remedy: RemedyUpdate;
      /** The session it was in, if one was made. */
      sessionId: string | undefined;
    };

/** A step's outcome: its value, or the remedy the user was shown. */
export type Outcome<T> = { value: T; remedy?: undefined } | { remedy: RemedyUpdate };
