/**
 * The draft the emulator's agent builds, in the service's wire form (short keys at draft and track level).
 * The real service does not document segment contents; these are the emulator's own, chosen so a renderer
 * and a timeline summary have what they need. Times are milliseconds.
 */

/**
 * Track type codes (`tt`).
 *
 * @example
 * ```ts
 * const bgm = draft.t.find((track) => track.tt === TRACK.audio);
 * ```
 */
export const TRACK = { video: 0, audio: 1, text: 7 } as const;

/**
 * A segment on a video track: a coloured background (generated visual), or uploaded media.
 *
 * @example
 * ```ts
 * const scene: VisualSegment = { id: 's1', start: 0, d: 5000, kind: 'background', label: 'city timelapse', color: '#1f3b73' };
 * ```
 */
export interface VisualSegment {
  id: string;
  start: number;
  d: number;
  /** `background` is a generated visual; `video` / `image` come from an upload. */
  kind: 'background' | 'video' | 'image';
  /** What the visual shows, e.g. "city timelapse". */
  label: string;
  /** `#rrggbb` for backgrounds. */
  color?: string;
  /** The uploaded file's URL for video / image segments. */
  url?: string;
}

/**
 * A segment on a text track: the title, or one caption per script sentence.
 *
 * @example
 * ```ts
 * const title: TextSegment = { id: 't1', start: 0, d: 3000, role: 'title', text: 'Urban Dreams' };
 * ```
 */
export interface TextSegment {
  id: string;
  start: number;
  d: number;
  role: 'title' | 'caption';
  text: string;
}

/**
 * A segment on an audio track: background music.
 *
 * @example
 * ```ts
 * const bgm: AudioSegment = { id: 'a1', start: 0, d: 30000, name: 'Lo-fi', volume: 0.35 };
 * ```
 */
export interface AudioSegment {
  id: string;
  start: number;
  d: number;
  /** e.g. "Lo-fi". */
  name: string;
  /** 0..1; the spec's example BGM sits at 35%. */
  volume: number;
}

/**
 * One track: `tt` type code, `sg` segments.
 *
 * @example
 * ```ts
 * const titles: WireTrack = { tt: TRACK.text, sg: [title] };
 * ```
 */
export interface WireTrack {
  tt: number;
  sg: Array<VisualSegment | TextSegment | AudioSegment>;
}

/**
 * The whole draft: `t` tracks, `d` duration (ms), `m` metadata.
 *
 * @example
 * ```ts
 * const draft = emulator.draftOf(session.id);
 * console.log(draft?.d, draft?.m.aspect); // 30000 '16:9'
 * ```
 */
export interface WireDraft {
  t: WireTrack[];
  d: number;
  m: { title?: string; width: number; height: number; aspect: '16:9' | '9:16' | '1:1' };
}
