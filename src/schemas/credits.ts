import * as z from 'zod/mini';
import { Num } from './common.js';

/** `GET /api/credits/balance/simple` data. `frozen` is held by work in progress; total = available + frozen. */
export const CreditsSchema = z.pipe(
  z.looseObject({ available: Num, frozen: z._default(Num, 0), total: z.optional(Num) }),
  z.transform((c) => ({ ...c, total: c.total ?? c.available + c.frozen })),
);
/** A credit balance. */
export type Credits = z.output<typeof CreditsSchema>;
