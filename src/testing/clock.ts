/**
 * The emulator's sense of time: token expiry, render progress and event timestamps all read it, so a test
 * can move days ahead without waiting. Stream pacing (milliseconds of real time) does not use it.
 *
 * @example
 * ```ts
 * const emulator = createEmulator({ clock: { now: () => Date.parse('2026-03-01T00:00:00Z') } });
 * ```
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * Real time: the default clock.
 *
 * @example
 * ```ts
 * createEmulator({ clock: systemClock });
 * ```
 */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that moves only when told to.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * clock.advance(8 * 24 * 3600_000); // every token issued so far has now expired
 * ```
 */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `ms` (never backwards). */
  advance(ms: number): void;
  /** Sets the clock to `epochMs`. */
  set(epochMs: number): void;
}

/**
 * Makes a {@link ManualClock}. It starts at the real time by default, because the SDK compares a token's
 * `expires_at` with its own (real) clock: a clock far in the past would make every token look expired.
 *
 * @param start - Epoch ms the clock starts at. Default `Date.now()`.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * const emulator = createEmulator({ clock, renderMs: 4_000 });
 * clock.advance(4_000); // renders submitted before now have finished
 * ```
 */
export function manualClock(start: number = Date.now()): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`manualClock.advance needs a non-negative number of ms, got ${ms}.`);
      now += ms;
    },
    set(epochMs) {
      now = epochMs;
    },
  };
}
