import type { ExportResult } from '../client.js';
import { isExportable, type Timeline } from '../schemas/timeline.js';
import { concurrencyLimit } from '../core/concurrency-limit.js';
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
   * How many uploads and renders run at once (`separate`: how many items).
   * @default the Studio's `concurrency`, else 2
   */
  concurrency?: number | undefined;
  /**
   * `shared` (the default, the spec's "batch style"): every file is uploaded into the Studio's one
   * session, then the items are processed one by one (one timeline, one turn at a time), each getting
   * its own render while the next is edited. `separate`: each item gets a session of its own and runs
   * whole, `concurrency` at a time; nothing is shared, not even the media the agent sees. Each item is then
   * a job of `nemo-video/jobs` (`runJobs`): checkpointed in `store`, confirmed by the session's state
   * rather than ever sent twice, and under the run's rules (out of credits starts no new item: the rest
   * end at `connect` with the remedy; a 429 pauses every item).
   * @default 'shared'
   */
  sessions?: 'shared' | 'separate' | undefined;
  /**
   * With `sessions: 'separate'`: where each item's job keeps its record (`memoryJobStore()`, `fileJobStore(dir)`
   * from `nemo-video/node`, or your own `JobStore`), under the id `item-<index>`. Run the same items again
   * with the same store to resume: finished items are reported as they are, without a request; the others
   * go on in their own sessions from their last checkpoint. Use one store (or one folder) per batch. Refused
   * with `sessions: 'shared'`.
   * @default a new memoryJobStore() per call (nothing to resume from)
   */
  store?: JobStore | undefined;
  /**
   * Stops everything not done yet; its reason is thrown. `shared`: renders in progress are cancelled.
   * `separate`: they are left running, named in the items' records, so a rerun with the same `store` waits
   * on them instead of paying for new ones.
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

type Emit = (update: StudioUpdate) => void;
/** A step's outcome: its value, or the remedy the user was shown. */
export type Outcome<T> = { value: T; remedy?: undefined } | { remedy: RemedyUpdate };

/** The steps of a Studio that a shared-session batch drives. */
export interface BatchHost {
  /** The session in use, if any. */
  sessionId(): string | undefined;
  /** Token and session. */
  connect(emit: Emit): Promise<Outcome<void>>;
  /** One file into the session. */
  upload(file: StudioFile, emit: Emit): Promise<Outcome<void>>;
  /** One instruction to the agent, with the silent-turn follow-up. */
  chat(instruction: string, emit: Emit): Promise<Outcome<void>>;
  /** The timeline as it is now (refused when empty): what the item's render will be of. */
  snapshot(emit: Emit): Promise<Outcome<Timeline>>;
  /** Renders a snapshot and waits for its MP4. */
  render(draft: Timeline, emit: Emit): Promise<Outcome<ExportResult>>;
}

/**
 * Runs a batch in the Studio's one session (`sessions: 'shared'`, see {@link BatchOptions.sessions}), on
 * Studio's own steps, as `say` and `export` run them: one result per item, in the items' order; an item that
 * fails never stops the others. (A session per item is `runSeparateBatch`, on jobs: one session and one render
 * per job is what a job is; many renders of one timeline, each of a snapshot taken while the next item edits
 * it, is not.)
 *
 * @example
 * ```ts
 * const results = await runSharedBatch(items, host, { concurrency: 2 });
 * ```
 */
export async function runSharedBatch(items: readonly BatchItem[], host: BatchHost, options: BatchOptions & { concurrency: number }): Promise<BatchResult[]> {
  const limit = concurrencyLimit(Math.max(1, Math.floor(options.concurrency) || 1));
  const emitFor = (index: number | undefined): Emit => (update) => options.onUpdate?.(update, index);
  const results: BatchResult[] = [];
  const fail = (index: number, stage: 'connect' | 'upload' | 'chat' | 'export', remedy: RemedyUpdate) =>
    (results[index] = { index, ok: false, stage, remedy, sessionId: host.sessionId() });

  /** Snapshot → render for item `index`; the snapshot is the timeline as the item's turn left it. */
  const render = async (index: number, draft: Timeline) => {
    const rendered = await host.render(draft, emitFor(index));
    if (rendered.remedy) fail(index, 'export', rendered.remedy);
    else results[index] = { index, ok: true, ...rendered.value, sessionId: host.sessionId() };
  };

  /**
   * Chat → snapshot for item `index`: the draft to render, or undefined when the item failed. The timeline
   * the turn ended by showing (the agent points at it, or a silent turn's change) is the snapshot; only a
   * turn that showed none, or an empty one, has the state read again.
   */
  const edit = async (index: number): Promise<Timeline | undefined> => {
    const emit = emitFor(index);
    let shown: Timeline | undefined;
    const chat = await host.chat(items[index]!.instruction, (update) => {
      if (update.type === 'timeline') shown = update.timeline;
      emit(update);
    });
    if (chat.remedy) return void fail(index, 'chat', chat.remedy);
    if (isExportable(shown)) return shown;
    const snapshot = await host.snapshot(emit);
    if (snapshot.remedy) return void fail(index, 'export', snapshot.remedy);
    return snapshot.value;
  };

  const upload = async (index: number): Promise<boolean> => {
    const file = items[index]!.file;
    const uploaded = file ? await host.upload(file, emitFor(index)) : { remedy: undefined };
    if (uploaded.remedy) fail(index, 'upload', uploaded.remedy);
    return !uploaded.remedy;
  };

  const indexes = items.map((_, i) => i);
  const { remedy } = await host.connect(emitFor(undefined));
  if (remedy) return indexes.map((index) => fail(index, 'connect', remedy));
  // Every file into the one session first, so each turn sees the same media whatever the upload order.
  const uploaded = await Promise.all(indexes.map((index) => limit(() => upload(index))));
  const renders: Promise<void>[] = [];
  for (const index of indexes.filter((i) => uploaded[i])) {
    // One turn at a time: the session has one timeline. Its render goes on while the next item is edited.
    const draft = await edit(index);
    if (draft) renders.push(limit(() => render(index, draft)));
  }
  await Promise.all(renders);
  return results;
}
