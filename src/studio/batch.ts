import type { ExportResult } from '../client.js';
import { isExportable, type Timeline } from '../schemas/timeline.js';
import { concurrencyLimit } from '../core/concurrency-limit.js';
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
   * whole, `concurrency` at a time; nothing is shared, not even the media the agent sees.
   * @default 'shared'
   */
  sessions?: 'shared' | 'separate' | undefined;
  /**
   * Stops everything not done yet (renders in progress are cancelled).
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

/** The steps of a Studio the batch drives; `fork` is a Studio with a session of its own. */
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
  /** The same steps on a Studio with a session of its own. */
  fork(): BatchHost;
}

/**
 * Runs a batch (see {@link BatchOptions.sessions}): one result per item, in the items' order; an item that
 * fails never stops the others.
 *
 * @example
 * ```ts
 * const results = await runBatch(items, host, { concurrency: 2 });
 * ```
 */
export async function runBatch(items: readonly BatchItem[], host: BatchHost, options: BatchOptions & { concurrency: number }): Promise<BatchResult[]> {
  const limit = concurrencyLimit(Math.max(1, Math.floor(options.concurrency) || 1));
  const emitFor = (index: number | undefined): Emit => (update) => options.onUpdate?.(update, index);
  const results: BatchResult[] = [];
  const fail = (index: number, stage: 'connect' | 'upload' | 'chat' | 'export', remedy: RemedyUpdate, on: BatchHost) =>
    (results[index] = { index, ok: false, stage, remedy, sessionId: on.sessionId() });

  /** Snapshot → render for item `index`; the snapshot is the timeline as the item's turn left it. */
  const render = async (index: number, on: BatchHost, draft: Timeline) => {
    const rendered = await on.render(draft, emitFor(index));
    if (rendered.remedy) fail(index, 'export', rendered.remedy, on);
    else results[index] = { index, ok: true, ...rendered.value, sessionId: on.sessionId() };
  };

  /**
   * Chat → snapshot for item `index`: the draft to render, or undefined when the item failed. The timeline
   * the turn ended by showing (the agent points at it, or a silent turn's change) is the snapshot; only a
   * turn that showed none, or an empty one, has the state read again.
   */
  const edit = async (index: number, on: BatchHost): Promise<Timeline | undefined> => {
    const emit = emitFor(index);
    let shown: Timeline | undefined;
    const chat = await on.chat(items[index]!.instruction, (update) => {
      if (update.type === 'timeline') shown = update.timeline;
      emit(update);
    });
    if (chat.remedy) return void fail(index, 'chat', chat.remedy, on);
    if (isExportable(shown)) return shown;
    const snapshot = await on.snapshot(emit);
    if (snapshot.remedy) return void fail(index, 'export', snapshot.remedy, on);
    return snapshot.value;
  };

  const upload = async (index: number, on: BatchHost): Promise<boolean> => {
    const file = items[index]!.file;
    const uploaded = file ? await on.upload(file, emitFor(index)) : { remedy: undefined };
    if (uploaded.remedy) fail(index, 'upload', uploaded.remedy, on);
    return !uploaded.remedy;
  };

  const indexes = items.map((_, i) => i);
  if (options.sessions === 'separate') {
    await Promise.all(
      indexes.map((index) =>
        limit(async () => {
          const own = host.fork();
          const connected = await own.connect(emitFor(index));
          if (connected.remedy) return void fail(index, 'connect', connected.remedy, own);
          if (!(await upload(index, own))) return;
          const draft = await edit(index, own);
          if (draft) await render(index, own, draft);
        }),
      ),
    );
    return results;
  }

  const { remedy } = await host.connect(emitFor(undefined));
  if (remedy) return indexes.map((index) => fail(index, 'connect', remedy, host));
  // Every file into the one session first, so each turn sees the same media whatever the upload order.
  const uploaded = await Promise.all(indexes.map((index) => limit(() => upload(index, host))));
  const renders: Promise<void>[] = [];
  for (const index of indexes.filter((i) => uploaded[i])) {
    // One turn at a time: the session has one timeline. Its render goes on while the next item is edited.
    const draft = await edit(index, host);
    if (draft) renders.push(limit(() => render(index, host, draft)));
  }
  await Promise.all(renders);
  return results;
}
