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
export const TRACK = {
  /** Video track: {@link VisualSegment}s. */
  video: 0,
  /** Audio track: {@link AudioSegment}s. */
  audio: 1,
  /** Text track: {@link TextSegment}s. */
  text: 7
} as const;

/**
 * A segment on a video track: a coloured background (generated visual), or uploaded media.
 *
 * @example
 * ```ts
 * const scene: VisualSegment = { id: 's1', start: 0, d: 5000, kind: 'background', label: 'city timelapse', color: '#1f3b73' };
 * ```
 */
export interface VisualSegment {
  /** Segment id (`seg_…` from the agent). */
  id: string;
  /** Start on the timeline, in ms from the video's start. */
  start: number;
  /** Duration in ms. */
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
  /** Segment id (`seg_…` from the agent). */
  id: string;
  /** Start on the timeline, in ms from the video's start. */
  start: number;
  /** Duration in ms (the title: the first 3000 ms, or the whole video if shorter). */
  d: number;
  /** `title`: the video's title; `caption`: one script sentence. */
  role: 'title' | 'caption';
  /** The words shown. */
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
  /** Segment id (`seg_…` from the agent). */
  id: string;
  /** Start on the timeline, in ms from the video's start. */
  start: number;
  /** Duration in ms. */
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
  /** Track type code: one of {@link TRACK}. */
  tt: number;
  /** The track's segments. */
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
  /** The tracks. */
  t: WireTrack[];
  /** Duration of the video in ms. */
  d: number;
  /** Metadata. */
  m: {
    /** The video's title, if it has one. */
    title?: string;
    /** Frame width in px (1920 for 16:9, 1080 otherwise). */
    width: number;
    /** Frame height in px (1080 for 16:9 and 1:1, 1920 for 9:16). */
    height: number;
    /** Aspect ratio. */
    aspect: '16:9' | '9:16' | '1:1'
  };
}

/**
 * Frame size per aspect ratio: 1080p in each orientation. The agent writes it into `m`; the renderer falls
 * back to it when `m.width` / `m.height` are missing.
 *
 * @example
 * ```ts
 * FRAME_SIZE['9:16']; // { width: 1080, height: 1920 }
 * ```
 */
export const FRAME_SIZE: Record<WireDraft['m']['aspect'], { width: number; height: number }> = {
  '16:9': { width: 1920, height: 1080 },
  '9:16': { width: 1080, height: 1920 },
  '1:1': { width: 1080, height: 1080 },
};
