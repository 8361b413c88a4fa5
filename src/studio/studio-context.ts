import type { NemoVideo } from '../client.js';
import { remedyFor } from '../core/remedy.js';
import type { Timings } from './studio-timings.js';
import type { DrawTimelineOptions } from './timeline-picture.js';
import type { RemedyUpdate, StudioUpdate } from './studio-updates.js';

/** What Studio's steps share: the client, the timings and the choices that change what a step does. */
export interface StudioContext {
  /** The SDK client every call goes through. */
  client: NemoVideo;
  /** Every wait, defaults filled in. */
  timings: Timings;
  /** Run the export when the agent points at its Export button, instead of offering it. */
  autoExport: boolean;
  /** How `timeline` updates draw their picture; undefined: they carry none. */
  picture: DrawTimelineOptions | undefined;
}

/**
 * One step of Studio's work: it yields updates as it goes, and returns a remedy when it failed in a way the
 * user has already been told about (a failed step that throws is turned into one by the caller).
 *
 * @example
 * ```ts
 * async function* credits(ctx: StudioContext, signal: AbortSignal): Step {
 *   const credits = await ctx.client.credits.balance({ signal });
 *   yield { type: 'result', kind: 'credits', credits, message: `You have ${credits.available} credits.` };
 * }
 * ```
 */
export type Step<T = RemedyUpdate | void> = AsyncGenerator<StudioUpdate, T>;

/**
 * An error as a remedy update, with `prefix` (e.g. a file's name) before its message.
 *
 * @example
 * ```ts
 * const remedy = remedyUpdate(error, 'clip.mov: ');
 * yield remedy;
 * ```
 */
export function remedyUpdate(error: unknown, prefix = ''): RemedyUpdate {
  const remedy = remedyFor(error);
  return { type: 'remedy', ...remedy, message: prefix + remedy.message };
}

/**
 * How a step that failed ends: it shows the remedy, and returns it so the caller knows the step failed.
 *
 * @example
 * ```ts
 * return yield* endWith(remedyUpdate(error));
 * ```
 */
export async function* endWith(remedy: RemedyUpdate): Step<RemedyUpdate> {
  yield remedy;
  return remedy;
}
