import { TRACK, type AudioSegment, type TextSegment, type VisualSegment, type WireDraft } from '../draft.js';
import type { MediaRecord } from '../backend/state.js';
import { metadata } from './dimensions.js';
import type { Aspect } from './intent.js';
import { colorAt } from './palette.js';
import { labelOf } from './script.js';

/** The title shows for the first 3 seconds (or the whole video, if shorter). */
export const TITLE_MS = 3_000;
/** Background music sits at 35%, as in the spec's example timeline. */
export const BGM_VOLUME = 0.35;

/** What a generated timeline is made from. */
export interface GenerateInput {
  sentences: string[];
  durationMs: number;
  title: string;
  aspect: Aspect;
  music: string;
  /** Uploaded pictures and clips: they stand in for the first scenes' backgrounds. */
  visuals: MediaRecord[];
  /** Makes a fresh segment id. */
  newId: () => string;
}

/** Scene `i` of `n` over `durationMs`: contiguous, rounded to whole ms, the last one ending exactly at the end. */
const slot = (i: number, n: number, durationMs: number) => {
  const start = Math.round((i * durationMs) / n);
  return { start, d: Math.round(((i + 1) * durationMs) / n) - start };
};

/**
 * Builds a timeline: one scene per sentence (a coloured background, or an uploaded picture or clip), one
 * caption per sentence over it, the title in the first 3 s, and background music at 35% under it all.
 */
export function buildDraft({ sentences, durationMs, title, aspect, music, visuals, newId }: GenerateInput): WireDraft {
  const scenes: VisualSegment[] = sentences.map((sentence, i) => {
    const media = visuals[i];
    const base = { id: newId(), ...slot(i, sentences.length, durationMs) };
    return media
      ? { ...base, kind: media.fileType === 'image' ? 'image' : 'video', label: media.filename, url: media.url }
      : { ...base, kind: 'background', label: labelOf(sentence), color: colorAt(i) };
  });
  const captions: TextSegment[] = sentences.map((text, i) => ({ id: newId(), ...slot(i, sentences.length, durationMs), role: 'caption', text }));
  const titleSegment: TextSegment = { id: newId(), start: 0, d: Math.min(TITLE_MS, durationMs), role: 'title', text: title };
  const bgm: AudioSegment = { id: newId(), start: 0, d: durationMs, name: music, volume: BGM_VOLUME };
  return {
    t: [
      { tt: TRACK.video, sg: scenes },
      { tt: TRACK.audio, sg: [bgm] },
      { tt: TRACK.text, sg: [titleSegment] },
      { tt: TRACK.text, sg: captions },
    ],
    d: durationMs,
    m: metadata(aspect, title),
  };
}
