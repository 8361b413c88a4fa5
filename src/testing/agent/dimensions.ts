import { FRAME_SIZE, type WireDraft } from '../draft.js';
import type { Aspect } from './intent.js';

/** Draft metadata for `aspect` with an optional title. */
export const metadata = (aspect: Aspect, title?: string): WireDraft['m'] => ({ ...(title && { title }), ...FRAME_SIZE[aspect], aspect });
