import type { Credits } from '../schemas/credits.js';
import type { Timeline } from '../schemas/timeline.js';
import type { UploadedFile } from '../schemas/upload.js';
import type { Remedy } from '../core/remedy.js';

/**
 * One thing for an app to show while {@link Studio} works. Every update has `message`, a line for a person
 * (never a token or raw JSON); `type` (and `kind` on results) tells what else it carries:
 *
 * | `type` | carries | e.g. |
 * |---|---|---|
 * | `status` | `tool?` | "Setting things up…", "Connected.", "Working: generate_video_with_seedance" |
 * | `session` | `sessionId`, `resumed`, `replaced?` | a session started, resumed, or replaced after 1002 |
 * | `text` | | the agent's words, GUI phrases translated |
 * | `still_working` | `elapsedMs` | "⏳ Still working…" after each 2 minutes without text |
 * | `progress` | `stage`, `percent`, `filename?` | upload and render progress |
 * | `timeline` | `summary`, `timeline`, `changes` | the track summary; after a silent edit, what changed |
 * | `result` | `kind`: `export` (`url`, `renderId`), `credits` (`credits`), `upload` (`files`, `filename`) | |
 * | `offer` | `action`, `reply?` | something to offer the user next: export, upload, or a reply |
 * | `remedy` | {@link Remedy}, `recovering?` | what went wrong and what the user can do |
 *
 * @example
 * ```ts
 * for await (const update of studio.say('add lo-fi BGM')) {
 *   if (update.type === 'result' && update.kind === 'export') player.src = update.url;
 *   else console.log(update.message);
 * }
 * ```
 */
export type StudioUpdate =
  | {
      /** What Studio is doing: setting up, connected, the tool the agent is running; or advice (`tip`). */
      type: 'status';
      /** The status, for a person. */
      message: string;
      /** The agent's tool, for `Working: <tool>`. */
      tool?: string | undefined;
      /** Advice to keep in view rather than a passing step: the service's tip on a script over 60 words. */
      tip?: 'long_script' | undefined;
    }
  | {
      /**
       * A render job exists: keep `renderId` to pick the render up again with {@link Studio.resumeRender}
       * after a reload or in another process (the job renders on whether anyone waits).
       */
      type: 'render_started';
      /** `Rendering started (render <id>).` */
      message: string;
      /** The render job's id. */
      renderId: string;
    }
  | {
      /** The session in use changed: keep `sessionId` to resume the project later. */
      type: 'session';
      /** Started, resumed, or replaced, for a person. */
      message: string;
      /** The session now in use. */
      sessionId: string;
      /** True when an existing session was resumed (its timeline is there). */
      resumed: boolean;
      /** The session that was gone (1002) and is replaced by `sessionId`; its timeline is not in the new one. */
      replaced?: string | undefined;
    }
  | {
      /** The agent's words, with GUI phrases translated into what this app does. */
      type: 'text';
      /** The text. */
      message: string;
    }
  | {
      /** No text for `timings.stillWorkingAfter` (2 minutes), but the agent is working. */
      type: 'still_working';
      /** `⏳ Still working…` */
      message: string;
      /** Milliseconds since the message was sent. */
      elapsedMs: number;
    }
  | {
      /** How far an upload or a render has got. */
      type: 'progress';
      /** e.g. `Rendering… 45%`. */
      message: string;
      /** What is progressing. */
      stage: 'upload' | 'render';
      /** 0 to 100. */
      percent: number;
      /** The file, for an upload. */
      filename?: string | undefined;
    }
  | {
      /** The timeline: asked for, pointed at by the agent, or changed by a turn that said nothing. */
      type: 'timeline';
      /** The summary, or `Updated: <changes>` when it changed. */
      message: string;
      /** `Timeline (3 tracks): 1. Video: …`, as {@link summarizeTimeline} gives it. */
      summary: string;
      /** The timeline itself (undefined while empty). */
      timeline: Timeline | undefined;
      /** What changed since before the message (`BGM Lo-fi → Jazz`); empty when nothing did or nothing was compared. */
      changes: string[];
      /** The timeline drawn as lines of a picture ({@link drawTimeline}), when Studio's `timelinePicture` is on (one line for an empty timeline). */
      picture?: string[] | undefined;
    }
  | {
      /** An export finished. */
      type: 'result';
      /** Which result. */
      kind: 'export';
      /** `Your video is ready: <url>`. */
      message: string;
      /** Where to download the MP4. */
      url: string;
      /** The render job's id. */
      renderId: string;
    }
  | {
      /** The credit balance. */
      type: 'result';
      /** Which result. */
      kind: 'credits';
      /** e.g. `You have 80 credits (20 held by work in progress).` */
      message: string;
      /** The balance. */
      credits: Credits;
    }
  | {
      /** A file was uploaded into the session. */
      type: 'result';
      /** Which result. */
      kind: 'upload';
      /** e.g. `Uploaded clip.mp4.` */
      message: string;
      /** The file's name. */
      filename: string;
      /** What the service made of it. */
      files: UploadedFile[];
    }
  | {
      /** Something the user can do next. */
      type: 'offer';
      /** `export`: the video is ready to render; `upload`: files are wanted; `reply`: say `reply` to go on. */
      action: 'export' | 'upload' | 'reply';
      /** The offer, for a person. */
      message: string;
      /** For `reply`: what to say (the label of the button the agent meant). */
      reply?: string | undefined;
    }
  | RemedyUpdate;

/**
 * A {@link Remedy} as an update: something went wrong, and here is what the user can do.
 *
 * @example
 * ```ts
 * if (update.type === 'remedy' && update.kind === 'no_credits') open(update.links[0]?.url);
 * ```
 */
export interface RemedyUpdate extends Remedy {
  /** Something went wrong. */
  type: 'remedy';
  /**
   * True when Studio goes on to recover from it (a cut or stalled chat: it reads the timeline for what the
   * agent did), so this remedy does not decide how the step ends: a `timeline` update follows when the work
   * got done, another remedy when it did not. Unset on a remedy the step fails with.
   */
  recovering?: boolean | undefined;
}
