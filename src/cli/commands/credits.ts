import type { Command } from '../command.js';

/** `nemo-video credits`: the balance. */
export const creditsCommand: Command = {
  name: 'credits',
  summary: 'show the credit balance',
  help: `nemo-video credits

Shows the credits of the account in use: available, frozen (held by work in progress) and total. Generating
costs about 100 credits a clip, an editing session about 50; export is free. The first run gets an
anonymous account with 100 free credits.

Example:
  nemo-video credits --json     {"available":100,"frozen":0,"total":100}`,
  options: {},
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    ctx.progress.step('Checking credits…');
    const { available, frozen, total } = await ctx.client().credits.balance({ signal: ctx.signal });
    ctx.progress.done();
    ctx.out.result({ available, frozen, total }, `${available} credits available (${frozen} frozen, ${total} total)`);
  },
};
