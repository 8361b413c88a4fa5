/** Background colours for generated visuals, picked in turn so neighbouring scenes differ. */
export const PALETTE = ['#1f3b73', '#7a2e8e', '#0f766e', '#b45309', '#be123c', '#334155', '#4d7c0f', '#0369a1'] as const;

/** The colour of the `index`-th scene. */
export const colorAt = (index: number): string => PALETTE[index % PALETTE.length]!;
