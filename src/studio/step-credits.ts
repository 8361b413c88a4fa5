import type { Step, StudioContext } from './studio-context.js';

/**
 * The credit balance as a `result` update. It takes no session: credits belong to the token.
 *
 * @example
 * ```ts
 * yield* readCredits(ctx, signal); // { type: 'result', kind: 'credits', message: 'You have 80 credits (20 held by work in progress).', credits }
 * ```
 */
export async function* readCredits(ctx: StudioContext, signal: AbortSignal): Step {
  const credits = await ctx.client.credits.balance({ signal });
  const held = credits.frozen ? ` (${credits.frozen} held by work in progress)` : '';
  yield { type: 'result', kind: 'credits', credits, message: `You have ${credits.available} credits${held}.` };
}
