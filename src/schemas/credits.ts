import * as z from 'zod/mini';
import { Num } from './common.js';

/** `GET /api/credits/balance/simple` data. `frozen` is held by work in progress; total = available + frozen. */
export const CreditsSchema = z.pipe(
  z.looseObject({ available: Num, frozen: z.optional(Num), total: z.optional(Num) }),
  z.transform(({ available, frozen = 0, total, ...rest }) => ({
    ...rest,
    /** Credits you can spend now. */
    available,
    /** Credits held by work in progress; 0 when the service omits it. */
    frozen,
    /** `available + frozen`, unless the service states its own total. */
    total: total ?? available + frozen,
  })),
);
/**
 * A credit balance.
 *
 * @example
 * ```ts
 * const { available, frozen, total } = await nv.credits.balance();
 * ```
 */
export interface Credits extends z.output<typeof CreditsSchema> {}
