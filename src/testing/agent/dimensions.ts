import type { WireDraft } from '../draft.js';
import type { Aspect } from './intent.js';

/** Frame size per aspect ratio: 1080p in each orientation. */
export const DIMENSIONS: Record<Aspect, { width: number; height: number }> = {
  '16:9': { width: 1920, height: 1080 },
  '9:16': { width: 1080, height: 1920 },
  '1:1': { width: 1080, height: 1080 },
};

/** Draft metadata for `aspect` with an optional title. */
export const metadata = (aspect: Aspect, title?: string): WireDraft['m'] => ({ ...(title && { title }), ...DIMENSIONS[aspect], aspect });
