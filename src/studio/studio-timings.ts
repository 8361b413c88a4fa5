/**
 * Every wait of {@link Studio}, in milliseconds, so that an app can tune them and tests can run in
 * milliseconds. The defaults follow the service's docs.
 *
 * @example
 * ```ts
 * new Studio(nv, { timings: { firstPoll: 5, pollEvery: 5, renderInterval: 5 } }); // a test
 * ```
 */
export interface StudioTimings {
  /**
   * A `still_working` update after each this many ms without text.
   * @default 120000 (2 minutes)
   */
  stillWorkingAfter?: number | undefined;
  /**
   * A chat with no event for this long counts as stalled.
   * @default 600000 (10 minutes, the SDK's)
   */
  stallAfter?: number | undefined;
  /**
   * After a turn that ended without text (or stalled), the state is checked at once, then after this.
   * @default 30000
   */
  firstPoll?: number | undefined;
  /**
   * …then every this many ms.
   * @default 60000
   */
  pollEvery?: number | undefined;
  /**
   * …until the timeline changed, or this many checks after the first found nothing new.
   * @default 5
   */
  maxPolls?: number | undefined;
  /**
   * How often a render is checked.
   * @default `renders.wait`'s: every 30 s, as the service asks, or as the status answer's `Retry-After` says (1-30 s)
   */
  renderInterval?: number | undefined;
  /**
   * Give up on a render after this long in all (it is then cancelled).
   * @default 900000 (15 minutes)
   */
  renderMaxDuration?: number | undefined;
}

/**
 * Studio's own defaults: the state polling after a silent turn. The chat and render waits default to the
 * SDK's own (`chat.stream`, `renders.wait`), so they are left undefined here and passed through as given.
 */
export const DEFAULT_TIMINGS = {
  firstPoll: 30_000,
  pollEvery: 60_000,
  maxPolls: 5,
} as const;

/** {@link StudioTimings} with Studio's own defaults filled in. */
export type Timings = StudioTimings & Required<Pick<StudioTimings, keyof typeof DEFAULT_TIMINGS>>;
