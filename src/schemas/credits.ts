import * as z from 'zod/mini';
import { Num } from './common.js';
import type { Holds, SameType } from './same-type.js';

/** `GET /api/credits/balance/simple` data. `frozen` is held by work in progress; total = available + frozen. */
export const CreditsSchema = z.pipe(
  z.looseObject({ available: Num, frozen: z.optional(Num), total: z.optional(Num) }),
  z.transform(({ available, frozen = 0, total, ...rest }) => ({ ...rest, available, frozen, total: total ?? available + frozen })),
);
/**
 * A credit balance.
 *
 * @example
 * ```ts
 * const { available, frozen, total } = await nv.credits.balance();
 * ```
 */
export interface Credits {
  /** Credits you can spend now. */
  available: number;
  /** Credits held by work in progress; 0 when the service omits it. */
  frozen: number;
  /** `available + frozen`, unless the service states its own total. */
  total: number;
}
type _Credits = Holds<SameType<z.output<typeof CreditsSchema>, Credits>>;
