import * as z from 'zod/mini';
import { Json } from './common.js';
import type { Holds, SameType } from './same-type.js';

/** The draft's `tt` code of each known track kind; other codes are kept as numbers. */
const CODES = { video: 0, audio: 1, text: 7 } as const;
type Kind = keyof typeof CODES;
const kindOf = (code: number): Kind | number => (Object.keys(CODES) as Kind[]).find((k) => CODES[k] === code) ?? code;

/**
 * A segment's content is undocumented: every field is kept exactly as the service sent it.
 *
 * @example
 * ```ts
 * const segments: Segment[] = draft?.tracks.flatMap((t) => t.segments) ?? [];
 * ```
 */
export type Segment = Record<string, unknown>;

// Plain numbers on the wire side: a codec encodes back through it, and a numeric-string transform cannot.
const WireTrack = z.looseObject({ tt: z.number(), sg: z.optional(z.array(Json)) });
const WireDraft = z.looseObject({ t: z.optional(z.array(WireTrack)), d: z.optional(z.number()), m: z.optional(Json) });

const TrackSchema = z.looseObject({ type: z.union([z.string(), z.number()]), segments: z.array(Json) });
const TimelineSchema = z.looseObject({ tracks: z.array(TrackSchema), durationMs: z.optional(z.number()), metadata: z.optional(Json) });

/**
 * The draft as the service stores it (`t` tracks, `tt` type, `sg` segments, `d` ms, `m` metadata) mapped to
 * readable names and back. This is the only place those short keys are spelled.
 */
export const TimelineCodec = z.codec(WireDraft, TimelineSchema, {
  decode: ({ t = [], d, m, ...rest }) => ({
    ...rest,
    tracks: t.map(({ tt, sg = [], ...track }) => ({ ...track, type: kindOf(tt), segments: sg })),
    durationMs: d,
    metadata: m,
  }),
  encode: ({ tracks, durationMs, metadata, ...rest }, ctx) => ({
    ...rest,
    t: tracks.map(({ type, segments, ...track }, i) => {
      const tt = typeof type === 'number' ? type : CODES[type as Kind];
      if (tt === undefined) ctx.issues.push({ code: 'custom', message: 'video, audio, text or a number', input: type, path: ['tracks', i, 'type'] });
      return { ...track, tt, sg: segments };
    }),
    ...(durationMs !== undefined && { d: durationMs }),
    ...(metadata !== undefined && { m: metadata }),
  }),
});

/**
 * A video's timeline: tracks of segments, with the draft's short keys expanded.
 *
 * @example
 * ```ts
 * const { draft } = await nv.state.get(sessionId);
 * draft?.tracks.filter((t) => t.type === 'audio');
 * ```
 */
export interface Timeline {
  /** Any other field of the draft, kept as sent. */
  [key: string]: unknown;
  /** The tracks, in the draft's order (empty when the draft has none). */
  tracks: Track[];
  /** The video's length in ms, when the draft states it. */
  durationMs?: number | undefined;
  /** The draft's metadata, kept as sent (undocumented; e.g. frame size and aspect ratio). */
  metadata?: Record<string, unknown> | undefined;
}
type _Timeline = Holds<SameType<z.output<typeof TimelineCodec>, Timeline>>;
/**
 * One track of a {@link Timeline}: `type` is `video`, `audio` (BGM) or `text` (titles), or the raw code.
 *
 * @example
 * ```ts
 * const titles: Track | undefined = draft?.tracks.find((t) => t.type === 'text');
 * ```
 */
export interface Track {
  /** Any other field of the track, kept as sent. */
  [key: string]: unknown;
  /** `video`, `audio`, `text`, or the draft's code for any other kind. */
  type: string | number;
  /** The track's segments in the service's own (undocumented) shape, every field kept as sent. */
  segments: Segment[];
}
type _Track = Holds<SameType<z.output<typeof TrackSchema>, Track>>;

/**
 * Whether the timeline has anything to render: the service wants some track with segments.
 *
 * @example
 * ```ts
 * if (!isExportable(state.draft)) console.log('Generate something first.');
 * ```
 */
export function isExportable(timeline: Timeline | undefined): timeline is Timeline {
  return !!timeline?.tracks.some((track) => track.segments.length > 0);
}
