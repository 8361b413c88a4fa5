/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same ids, pacing and choices, so
 * a test run can be replayed exactly. Not for anything secret.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** `n` lowercase hex characters. */
  hex(n: number): string;
  /** `n` decimal digits, the first never 0 (session ids are 19-digit integers). */
  digits(n: number): string;
  /** A UUID-shaped string (version 4 layout). */
  uuid(): string;
}

/** Creates a {@link Random} from `seed` (any number; only its low 32 bits count). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const hex = (n: number) => Array.from({ length: n }, () => int(16).toString(16)).join('');
  return {
    next,
    int,
    hex,
    digits: (n) => String(1 + int(9)) + Array.from({ length: n - 1 }, () => String(int(10))).join(''),
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + int(4)).toString(16)}${hex(3)}-${hex(12)}`,
  };
}
