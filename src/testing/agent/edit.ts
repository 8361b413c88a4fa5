import { TRACK, type AudioSegment, type TextSegment, type WireDraft, type WireTrack } from '../draft.js';
import { FRAME_SIZE } from '../draft.js';
import { BGM_VOLUME, TITLE_MS } from './generate.js';
import type { Edit } from './intent.js';

/** An edited copy of a draft and what changed, in words for the agent's summary. */
export interface EditResult {
  draft: WireDraft;
  changes: string[];
}

const isTitle = (s: WireTrack['sg'][number]): s is TextSegment => (s as TextSegment).role === 'title';

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Applies `edits` in order to a copy of `draft` (the original is never changed). */
export function applyEdits(draft: WireDraft, edits: readonly Edit[], newId: () => string): EditResult {
  const next = structuredClone(draft);
  const changes = edits.map((edit) => APPLY[edit.kind](next, edit as never, newId));
  return { draft: next, changes };
}

type Apply<K extends Edit['kind']> = (draft: WireDraft, edit: Extract<Edit, { kind: K }>, newId: () => string) => string;

const APPLY: { [K in Edit['kind']]: Apply<K> } = {
  /** One music bed under the whole video, replacing whatever was there. */
  music(draft, { name }, newId) {
    const bgm: AudioSegment = { id: newId(), start: 0, d: draft.d, name, volume: BGM_VOLUME };
    const track = draft.t.find((t) => t.tt === TRACK.audio);
    if (track) track.sg = [bgm];
    else draft.t.push({ tt: TRACK.audio, sg: [bgm] });
    return `added ${name} background music at ${BGM_VOLUME * 100}%`;
  },

  title(draft, { text }, newId) {
    const existing = draft.t.flatMap((t) => t.sg).find(isTitle);
    if (existing) existing.text = text;
    else draft.t.push({ tt: TRACK.text, sg: [{ id: newId(), start: 0, d: Math.min(TITLE_MS, draft.d), role: 'title', text }] });
    draft.m.title = text;
    return `changed the title to "${text}"`;
  },

  /** Every segment is stretched or squeezed in proportion; the title keeps to the first 3 s. */
  duration(draft, { seconds: target }) {
    const before = draft.d;
    const after = Math.round(target * 1000);
    const scale = (ms: number) => Math.round((ms * after) / (before || after));
    for (const track of draft.t) {
      for (const segment of track.sg) {
        const end = scale(segment.start + segment.d);
        segment.start = scale(segment.start);
        segment.d = end - segment.start;
        if (isTitle(segment)) Object.assign(segment, { start: 0, d: Math.min(TITLE_MS, after) });
      }
    }
    draft.d = after;
    return `made it ${seconds(after)} long (was ${seconds(before)})`;
  },

  aspect(draft, { aspect }) {
    Object.assign(draft.m, FRAME_SIZE[aspect], { aspect });
    const { width, height } = FRAME_SIZE[aspect];
    const name = aspect === '9:16' ? 'vertical' : aspect === '1:1' ? 'square' : 'landscape';
    return `switched to ${name} ${aspect} (${width}x${height})`;
  },
};
