import type { CliIO } from './context.js';
import { UsageError } from './errors.js';

/** How often `batch` checks each render by default: the service asks for 30 s; 10 s is what `export` settles at. */
export const BATCH_RENDER_POLL_MS = 10_000;
const MAX_RENDER_POLL_MS = 600_000;

/**
 * `NEMO_RENDER_POLL_MS`: how often `batch` checks each job's render, in ms (default 10 s). A UsageError when
 * it is not a number from 1 to 600000.
 */
export function resolveRenderPoll(env: CliIO['env']): number {
  const raw = env.NEMO_RENDER_POLL_MS?.trim();
  if (!raw) return BATCH_RENDER_POLL_MS;
  const ms = Number(raw);
  if (!(ms >= 1 && ms <= MAX_RENDER_POLL_MS)) throw new UsageError(`NEMO_RENDER_POLL_MS must be a number of milliseconds from 1 to ${MAX_RENDER_POLL_MS}, got "${raw}".`);
  return ms;
}
