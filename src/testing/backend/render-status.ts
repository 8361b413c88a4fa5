import type { RenderJob } from './state.js';

/** Share of the render time a job spends `pending` before it turns `processing`. */
const PENDING_SHARE = 0.1;

/** A render job's status in the proxy's wire form (camelCase; times in epoch ms). */
export interface WireRenderStatus {
  id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';
  progress: number;
  outputUrl?: string;
  createdAt: number;
  completedAt?: number;
  error?: string;
}

/**
 * Where `job` stands at `now`: pending, then processing with progress rising with the clock, then completed
 * once `renderMs` has passed and the renderer has delivered. Fields not known yet are left out rather than
 * sent as null.
 */
export function renderStatus(job: RenderJob, now: number, renderMs: number, origin: string): WireRenderStatus {
  const at = Math.min(now, job.cancelledAt ?? Infinity);
  const share = renderMs > 0 ? Math.max(0, at - job.createdAt) / renderMs : 1;
  const progress = Math.min(99, 5 + Math.floor(Math.min(1, share) * 94));
  const base = { id: job.id, createdAt: job.createdAt };
  if (job.cancelledAt !== undefined) return { ...base, status: 'cancelled', progress, error: 'Cancelled.' };
  if (job.failure !== undefined) return { ...base, status: 'failed', progress, error: job.failure };
  if (share >= 1 && job.fileName && job.readyAt !== undefined) {
    return {
      ...base,
      status: 'completed',
      progress: 100,
      outputUrl: `${origin}/files/${job.fileName}`,
      completedAt: Math.max(job.createdAt + renderMs, job.readyAt),
    };
  }
  return { ...base, status: share < PENDING_SHARE ? 'pending' : 'processing', progress };
}

/** Whether the job has reached an end (nothing more will change). */
export const isFinished = (status: WireRenderStatus): boolean => status.status === 'completed' || status.status === 'failed' || status.status === 'cancelled';
