import type { NemoVideo } from '../client.js';
import { SessionNotFoundError } from '../core/errors/api.js';
import { RECOVERY_LIMITS } from '../core/recovery.js';
import { sharedCall } from '../core/shared-call.js';
import { InvalidArgumentError, NemoVideoError } from '../core/errors/base.js';
import type { Timeline } from '../schemas/timeline.js';
import type { BatchItem, BatchOptions, BatchResult, Outcome } from './batch.js';
import { routeIntent, type Intent, type RouteIntentOptions } from './route-intent.js';
import { chatTurn } from './step-chat.js';
import { readCredits } from './step-credits.js';
import { exportSession, waitForRender } from './step-export.js';
import { readTimeline } from './step-status.js';
import { askForFiles, uploadFiles, type StudioFile } from './step-upload.js';
import { endWith, remedyUpdate, type Step, type StudioContext } from './studio-context.js';
import { DEFAULT_TIMINGS, type StudioTimings } from './studio-timings.js';
import type { RemedyUpdate, StudioUpdate } from './studio-updates.js';
import type { DrawTimelineOptions } from './timeline-picture.js';
import { timelineUpdate } from './timeline-update.js';

/**
 * Options of {@link Studio}. All are optional.
 *
 * @example
 * ```ts
 * new Studio(nv, { sessionId: saved, language: 'zh-CN', concurrency: 3, autoExport: true });
 * ```
 */
export interface StudioOptions {
  /**
   * Resume this session (its timeline is kept on the server). If it is gone, a new one is started, and
   * an update says so.
   * @default undefined (a new session on first use)
   */
  sessionId?: string | undefined;
  /**
   * Language of new sessions (the agent answers in it), e.g. `zh-CN`. Studio's own messages are English.
   * @default the client's (`'en'` unless set)
   */
  language?: string | undefined;
  /**
   * Every wait, in ms (see {@link StudioTimings}).
   * @default the service's schedule (see {@link StudioTimings})
   */
  timings?: StudioTimings | undefined;
  /**
   * Default concurrency of {@link Studio.batch}.
   * @default 2
   */
  concurrency?: number | undefined;
  /**
   * When the agent points at its Export button, export at once instead of offering it.
   * @default false
   */
  autoExport?: boolean | undefined;
  /**
   * Extra keywords or a matcher for the routing of {@link Studio.say} (see {@link routeIntent}).
   * @default undefined (the built-in routing)
   */
  routing?: RouteIntentOptions | undefined;
  /**
   * When a step finds the session gone (1002) before its request ran, start a new session and run the step
   * again there, once. false: the step ends in a `session_lost` remedy instead.
   * @default true
   */
  renewSession?: boolean | undefined;
  /**
   * Draw the timeline as a picture in each `timeline` update too (its `picture`: one row per track, bars on a
   * time axis, as {@link drawTimeline} draws it): true for 80 columns without colour, or how to draw it.
   * @default false (the summary only)
   */
  timelinePicture?: boolean | DrawTimelineOptions | undefined;
}

/** `timelinePicture` as drawTimeline's options, or undefined when off. */
const pictureOptions = (picture: StudioOptions['timelinePicture']): DrawTimelineOptions | undefined =>
  picture === true ? {} : picture || undefined;

/**
 * Options of {@link Studio.say}.
 *
 * @example
 * ```ts
 * studio.say('make a video from these', { files: [file], signal: controller.signal });
 * ```
 */
export interface SayOptions {
  /**
   * Files the user sent with the message: uploaded first (the spec's "user sends file"), then the text
   * is routed.
   * @default undefined (no files)
   */
  files?: readonly StudioFile[] | undefined;
  /**
   * Skip the routing: a program that knows what it wants (an "edit" tool sends `chat`, whatever the
   * words).
   * @default undefined (routed by its words, {@link routeIntent})
   */
  intent?: Intent | undefined;
  /**
   * Stops the work; the signal's reason is thrown. Leaving the loop early stops it too.
   * @default undefined (runs until done)
   */
  signal?: AbortSignal | undefined;
}

/**
 * The service's agent workflow (the spec's routing, GUI-phrase translation, silent-edit follow-up, remedies
 * and recovery) for apps, bots and agent tools: say what the user said, show what comes back.
 *
 * Every method is an async iterator of typed {@link StudioUpdate}s and never throws for a service error: it
 * yields a `remedy` instead (only your own abort, or a bug, throws). Iterate to run it.
 *
 * @example
 * ```ts
 * const studio = new Studio(new NemoVideo());
 * for await (const u of studio.say('generate a 30-second video from this script: Cities never sleep.')) console.log(u.message);
 * for await (const u of studio.say('add lo-fi BGM')) console.log(u.message);
 * for await (const u of studio.say('export')) if (u.type === 'result' && u.kind === 'export') console.log(u.url);
 * ```
 */
export class Studio {
  readonly #client: NemoVideo;
  readonly #options: StudioOptions;
  readonly #ctx: StudioContext;
  #sessionId: string | undefined;
  #resumeId: string | undefined;
  #opening: Promise<void> | undefined;
  /** Starts a new session in place of a lost one: one request, however many steps found it lost at once. */
  readonly #newSession = sharedCall(async (signal) => {
    this.#sessionId = (await this.#client.sessions.create({ language: this.#options.language }, { signal })).id;
  });

  constructor(client: NemoVideo, options: StudioOptions = {}) {
    this.#client = client;
    this.#options = options;
    this.#resumeId = options.sessionId;
    this.#ctx = { client, timings: { ...DEFAULT_TIMINGS, ...definedOnly(options.timings) }, autoExport: options.autoExport ?? false, picture: pictureOptions(options.timelinePicture) };
  }

  /** The session in use (keep it to resume later); undefined until connected. It changes if the session is lost (1002). */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  /**
   * Sets up: a token (the client's, or an anonymous one) and a session, new or resumed (`sessionId`). Yields
   * "Setting things up…", the session, the resumed timeline, and "Connected."; nothing when already
   * connected. Every method that works in the session connects first by itself ({@link Studio.credits} needs none).
   *
   * @example
   * ```ts
   * for await (const update of studio.connect()) console.log(update.message);
   * ```
   */
  async *connect(options: { signal?: AbortSignal | undefined } = {}): AsyncGenerator<StudioUpdate, void> {
    yield* this.#run(options, onlyConnect);
  }

  /**
   * Handles one thing the user said, routed by {@link routeIntent}: `credits`, `state`, `upload` and `export`
   * are done through the API directly (never a chat), everything else is a message to the agent. Files
   * are uploaded first; a text that is only "upload" stops there.
   *
   * @example
   * ```ts
   * for await (const update of studio.say('余额')) console.log(update.message); // 'You have 100 credits.'
   * for await (const update of studio.say('use these for an intro', { files: [logo, clip] })) console.log(update.message);
   * ```
   */
  async *say(text: string, options: SayOptions = {}): AsyncGenerator<StudioUpdate, void> {
    const files = options.files ?? [];
    const blank = typeof text !== 'string' || !text.trim();
    const intent = options.intent ?? (blank && files.length ? 'upload' : routeIntent(text, this.#options.routing));
    if (files.length && intent === 'chat') {
      // One piece of work: if the session is lost on the way, the new one gets the files again before the
      // message, rather than a message about files that are not there.
      return void (yield* this.#run(options, async function* (this: Studio, id: string, signal: AbortSignal) {
        // Not `??`: the CommonJS build lowers it into a closure, where `yield` is a syntax error.
        const failed = yield* uploadFiles(this.#ctx, id, files, signal);
        if (failed) return failed;
        return yield* chatTurn(this.#ctx, id, text, signal);
      }.bind(this)));
    }
    if (files.length) {
      const failed = yield* this.#run(options, (id, signal) => uploadFiles(this.#ctx, id, files, signal));
      if (failed || intent === 'upload') return;
    }
    if (intent === 'credits') return yield* this.credits(options);
    if (intent === 'state') return yield* this.status(options);
    if (intent === 'export') return yield* this.export(options);
    // Connected first, as the upload it asks for will be: a setup problem shows now, not with the files.
    if (intent === 'upload') return void (yield* this.#run(options, async function* () { yield askForFiles(); }));
    yield* this.chat(text, options);
  }

  /**
   * Sends a message to the agent, whatever its words. Text comes GUI-translated, tool calls as a
   * `Working: <tool>` status; a turn that ends silently is followed by reading the state until the timeline
   * changed, and an update saying what did.
   *
   * @example
   * ```ts
   * for await (const update of studio.chat('show the status bar in the title')) console.log(update.message);
   * ```
   */
  async *chat(text: string, options: { signal?: AbortSignal | undefined } = {}): AsyncGenerator<StudioUpdate, void> {
    yield* this.#run(options, (id, signal) => chatTurn(this.#ctx, id, text, signal));
  }

  /**
   * Uploads files into the session, with progress and a result per file; a bad file gets a remedy
   * (accepted formats, size) and the others still go.
   *
   * @example
   * ```ts
   * for await (const update of studio.upload([{ file: bytes, filename: 'intro.mp4' }])) console.log(update.message);
   * ```
   */
  async *upload(files: readonly StudioFile[], options: { signal?: AbortSignal | undefined } = {}): AsyncGenerator<StudioUpdate, void> {
    yield* this.#run(options, (id, signal) => uploadFiles(this.#ctx, id, files, signal));
  }

  /**
   * Renders the session's timeline (`nv.export`): render progress, then a `result` with the URL and the render id.
   *
   * @example
   * ```ts
   * for await (const update of studio.export()) if (update.type === 'result' && update.kind === 'export') save(update.url);
   * ```
   */
  async *export(options: { signal?: AbortSignal | undefined } = {}): AsyncGenerator<StudioUpdate, void> {
    yield* this.#run(options, (id, signal) => exportSession(this.#ctx, id, signal));
  }

  /**
   * Picks up a render that is already running, by the id of its `render_started` update: a page that
   * reloaded mid-render, or another request or process, waits on the same job instead of starting another.
   * Opens no session (a render is found by its id).
   *
   * @example
   * ```ts
   * for await (const u of studio.resumeRender(localStorage.renderId)) if (u.type === 'result' && u.kind === 'export') play(u.url);
   * ```
   */
  async *resumeRender(renderId: string, options: { signal?: AbortSignal | undefined } = {}): AsyncGenerator<StudioUpdate, void> {
    yield* this.#guarded(options, (signal) => waitForRender(this.#ctx, renderId, signal));
  }

  /**
   * The credit balance, as a `result` update. Credits belong to the token, so this opens no session: on a
   * new Studio it yields the result alone, without connecting.
   *
   * @example
   * ```ts
   * for await (const update of studio.credits()) if (update.type === 'result' && update.kind === 'credits') show(update.credits.available);
   * ```
   */
  async *credits(options: { signal?: AbortSignal | undefined } = {}): AsyncGenerator<StudioUpdate, void> {
    yield* this.#guarded(options, (signal) => readCredits(this.#ctx, signal));
  }

  /**
   * The timeline, as a `timeline` update whose message is its summary.
   *
   * @example
   * ```ts
   * for await (const update of studio.status()) if (update.type === 'timeline') console.log(update.summary);
   * ```
   */
  async *status(options: { signal?: AbortSignal | undefined } = {}): AsyncGenerator<StudioUpdate, void> {
    yield* this.#run(options, (id, signal) => readTimeline(this.#ctx, id, signal));
  }

  /**
   * Makes one video per item: its file uploaded, its instruction sent, its own render. Each item is a durable
   * job of `nemo-video/jobs`, resumable from a `store`: by default in this Studio's one session, as the spec's
   * batch style says, with `sessions: 'separate'` in a session of its own (see {@link BatchOptions.sessions}).
   * An item that fails gets its remedy and the rest go on. Resolves with one result per item, in order; never rejects
   * for a service error (it rejects on an abort, a store that cannot write, and bad items before anything is
   * sent).
   *
   * @example
   * ```ts
   * const results = await studio.batch(
   *   [{ file: a, instruction: 'a 10-second teaser from a.mp4' }, { file: b, instruction: 'a vertical cut of b.mp4' }],
   *   { concurrency: 2, onUpdate: (update, i) => console.log(i, update.message) },
   * );
   * ```
   */
  async batch(items: readonly BatchItem[], options: BatchOptions = {}): Promise<BatchResult[]> {
    if (!Array.isArray(items) || items.some((item) => typeof item?.instruction !== 'string' || !item.instruction.trim())) {
      throw new InvalidArgumentError('batch needs an array of items, each with a non-empty instruction.');
    }
    const concurrency = options.concurrency ?? this.#options.concurrency ?? 2;
    const shared = options.sessions !== 'separate';
    // Loaded on first use: a page that never runs a batch does not load the jobs room.
    const { runBatchJobs } = await import('./batch-jobs.js');
    const connect = shared ? (recorded: string | undefined, emit: (update: StudioUpdate) => void) => this.#connectTo(recorded, options.signal, emit) : undefined;
    return runBatchJobs(this.#client, items, { ...options, concurrency, language: this.#options.language, timings: this.#ctx.timings, connect });
  }

  /**
   * Connects for a shared batch: to `recorded`, the session its items' records name (a rerun goes on there, so
   * the Studio switches to it), else as any step does. The session's id, or the remedy shown.
   */
  async #connectTo(recorded: string | undefined, signal: AbortSignal | undefined, emit: (update: StudioUpdate) => void): Promise<Outcome<string>> {
    if (recorded && recorded !== this.#sessionId) {
      this.#sessionId = undefined;
      this.#resumeId = recorded;
    }
    const connected = await outcome(this.#run<void>({ signal }, onlyConnect), emit);
    return connected.remedy ? connected : { value: this.#sessionId! };
  }

  /**
   * Connects, then runs `work` in the session, under `#guarded` (so a failed setup or renewal is a remedy
   * too). A 1002 thrown by `work` (which steps throw only when the request provably did not run) starts a new
   * session and runs it once more there (RECOVERY.lostSession).
   */
  async *#run<T = void>(options: { signal?: AbortSignal | undefined }, work: (id: string, signal: AbortSignal) => Step<T | RemedyUpdate | void>): Step<T | RemedyUpdate | void> {
    return yield* this.#guarded(options, async function* (this: Studio, signal: AbortSignal): Step<T | RemedyUpdate | void> {
      yield* this.#open(signal);
      let renewals = this.#options.renewSession === false ? 0 : RECOVERY_LIMITS.lostSession;
      for (;;) {
        const id = this.#sessionId!;
        try {
          return yield* work(id, signal);
        } catch (error) {
          // Anything but a 1002 within the renewals is for #guarded to report (or rethrow).
          if (!(error instanceof SessionNotFoundError) || renewals-- <= 0 || options.signal?.aborted) throw error;
          yield* this.#renew(id, signal);
        }
      }
    }.bind(this));
  }

  /**
   * Runs `work` under a signal of its own, aborted when the caller's is or when the loop is left early; a
   * service error it throws becomes a remedy update (the caller's own abort, and bugs, are thrown).
   */
  async *#guarded<T = void>(options: { signal?: AbortSignal | undefined }, work: (signal: AbortSignal) => Step<T | RemedyUpdate | void>): Step<T | RemedyUpdate | void> {
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    try {
      return yield* work(signal);
    } catch (error) {
      if (options.signal?.aborted || !(error instanceof NemoVideoError)) throw error;
      return yield* endWith(remedyUpdate(error));
    } finally {
      controller.abort();
    }
  }

  /** Token and session, once (a concurrent caller waits for the first, and tries itself if that failed). */
  async *#open(signal: AbortSignal): Step<void> {
    while (!this.#sessionId) {
      if (this.#opening) {
        await this.#opening;
        continue;
      }
      let opened!: () => void;
      this.#opening = new Promise<void>((resolve) => (opened = resolve));
      try {
        yield { type: 'status', message: 'Setting things up…' };
        const resumed = yield* this.#resume(signal);
        if (!resumed) {
          const session = await this.#client.sessions.create({ language: this.#options.language }, { signal });
          this.#sessionId = session.id;
          yield { type: 'session', sessionId: session.id, resumed: false, message: 'Started a new project.' };
        }
        yield { type: 'status', message: 'Connected.' };
      } finally {
        this.#opening = undefined;
        opened();
      }
    }
  }

  /** Resumes `options.sessionId` by reading its state; false when there is none to resume or it is gone. */
  async *#resume(signal: AbortSignal): Step<boolean> {
    const id = this.#resumeId;
    if (!id) return false;
    let draft: Timeline | undefined;
    try {
      ({ draft } = await this.#client.state.get(id, { signal }));
    } catch (error) {
      // Any other failure (the network) leaves the id to resume on the next call.
      if (!(error instanceof SessionNotFoundError)) throw error;
      this.#resumeId = undefined;
      yield { type: 'status', message: `The project ${id} was not found (it may have expired): starting a new one.` };
      return false;
    }
    this.#resumeId = undefined;
    this.#sessionId = id;
    yield { type: 'session', sessionId: id, resumed: true, message: 'Resumed your project.' };
    yield timelineUpdate(draft, { picture: this.#ctx.picture });
    return true;
  }

  /** Replaces the lost session `lostId` with a new one (once, however many steps found it lost). */
  async *#renew(lostId: string, signal: AbortSignal): Step<void> {
    // A step that found it lost after another step renewed it goes on in the new one.
    if (this.#sessionId === lostId) await this.#newSession(signal);
    yield {
      type: 'session',
      sessionId: this.#sessionId!,
      resumed: false,
      replaced: lostId,
      message: 'The project session had expired, so a new one was started (the old timeline is not in it).',
    };
  }
}

/** The work of `connect`: none in the session, since `#run` connects before any work. */
async function* onlyConnect(): Step {}

/** `timings` without its undefined entries, so that they do not erase the defaults. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Drives a step to its end, handing each update to `emit`: its value, or the remedy it ended in. */
async function outcome<T>(step: Step<T | RemedyUpdate | void>, emit: (update: StudioUpdate) => void): Promise<Outcome<T>> {
  for (;;) {
    const next = await step.next();
    if (!next.done) emit(next.value);
    else return isRemedy(next.value) ? { remedy: next.value } : { value: next.value as T };
  }
}

const isRemedy = (value: unknown): value is RemedyUpdate => (value as RemedyUpdate | undefined)?.type === 'remedy';
