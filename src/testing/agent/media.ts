import { TRACK, type AudioSegment, type VisualSegment, type WireDraft } from '../draft.js';
import type { MediaRecord } from '../backend/state.js';
import { metadata } from './dimensions.js';

/** How long a picture stays on screen when it is added on its own. */
export const IMAGE_MS = 3_000;
/** A clip whose length could not be read counts as this long. */
const UNKNOWN_CLIP_MS = 5_000;

const lengthOf = (media: MediaRecord) => (media.fileType === 'image' ? IMAGE_MS : Math.round(media.duration * 1000) || UNKNOWN_CLIP_MS);

/**
 * Puts uploaded media on the timeline (what `session_state_applied: true` means): pictures and clips go
 * one after another at the end of the video track, audio goes on the music track at full volume. A session
 * with no timeline yet gets a 16:9 one. Returns a new draft; `draft` is not changed.
 */
export function addMedia(draft: WireDraft | undefined, media: readonly MediaRecord[], newId: () => string): WireDraft {
  const next: WireDraft = draft ? structuredClone(draft) : { t: [], d: 0, m: metadata('16:9') };
  const trackOf = (tt: number) => next.t.find((t) => t.tt === tt) ?? (next.t.push({ tt, sg: [] }), next.t[next.t.length - 1]!);
  for (const item of media) {
    if (item.fileType === 'audio') {
      const track = trackOf(TRACK.audio);
      const segment: AudioSegment = { id: newId(), start: 0, d: Math.max(next.d, lengthOf(item)), name: item.filename, volume: 1 };
      track.sg.push(segment);
      next.d = Math.max(next.d, segment.d);
      continue;
    }
    const track = trackOf(TRACK.video);
    const start = track.sg.reduce((end, s) => Math.max(end, s.start + s.d), 0);
    const segment: VisualSegment = { id: newId(), start, d: lengthOf(item), kind: item.fileType === 'image' ? 'image' : 'video', label: item.filename, url: item.url };
    track.sg.push(segment);
    next.d = Math.max(next.d, start + segment.d);
  }
  return next;
}
