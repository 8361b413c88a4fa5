import { join } from 'node:path';
import { FRAME_SIZE, TRACK, type WireDraft } from '../../draft.js';
import { ffmpegColor, filterValue, seconds } from './escape.js';
import { fontFor, type FontSet } from './fonts.js';
import { colorRuns, paletteColor, type Layer, type Span } from './canvas.js';
import { fitText } from './layout.js';

/** Longest draft the renderer accepts (30 minutes). */
const MAX_DURATION_MS = 30 * 60 * 1000;

export interface PlanSettings {
  /** Frames per second; 30 by default. */
  fps?: number;
  /** Scale factor for the frame size (e.g. 0.5 renders 960x540 for a 1080p draft); 1 by default. */
  scale?: number;
  fonts: FontSet;
  /** Folder for the text files drawtext reads. */
  workDir: string;
  /** Where ffmpeg writes the MP4. */
  outPath: string;
  /**
   * Image files ffmpeg can decode, by the `url` of the segments that show them; an image segment whose url
   * is not here is drawn as a labelled card.
   * @default none (every image segment is a card)
   */
  images?: ReadonlyMap<string, string>;
}

/** A file the plan needs written before ffmpeg runs. */
export interface PlanFile {
  path: string;
  content: string;
}

/** Everything needed to run ffmpeg for one draft. */
export interface RenderPlan {
  args: string[];
  files: PlanFile[];
  width: number;
  height: number;
  fps: number;
  durationMs: number;
  /** Things drawn differently from the draft (missing fonts, say). */
  warnings: string[];
}


type Seg = Record<string, unknown>;

/** Checks the draft and returns the output size; throws a plain Error saying what is wrong. */
export function outputSize(draft: WireDraft, scale = 1): { width: number; height: number } {
  if (!(scale > 0 && scale <= 4)) throw new Error(`scale must be in (0, 4], got ${scale}`);
  const m = (draft.m ?? {}) as Partial<WireDraft['m']>;
  const byAspect = FRAME_SIZE[m.aspect ?? '16:9'] ?? FRAME_SIZE['16:9'];
  const usable = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 16 && n <= 8192;
  const width = usable(m.width) && usable(m.height) ? m.width : byAspect.width;
  const height = usable(m.width) && usable(m.height) ? m.height : byAspect.height;
  // libx264 with yuv420p needs even sizes.
  const even = (n: number) => Math.max(2, 2 * Math.round((n * scale) / 2));
  return { width: even(width), height: even(height) };
}

/**
 * Turns a draft into ffmpeg arguments. Video: a canvas of runs concatenated, each a `color` source (a
 * background segment's colour, black where there is none) or a still picture (an image segment whose file
 * is in `settings.images`, decoded once, fitted into the frame on its colour and repeated for its frames),
 * then `drawtext` for the title and captions, timed with `enable`. Audio: one quiet `sine` tone whose volume
 * follows the BGM segments (silence elsewhere). The pictures are the only media ffmpeg reads.
 */
export function planRender(draft: WireDraft, settings: PlanSettings): RenderPlan {
  const durationMs = draft.d;
  if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs <= 0) {
    throw new Error(`draft.d must be a positive number of milliseconds, got ${String(durationMs)}`);
  }
  if (durationMs > MAX_DURATION_MS) throw new Error(`draft.d ${durationMs} ms is longer than ${MAX_DURATION_MS} ms`);
  if (!Array.isArray(draft.t)) throw new Error('draft.t must be an array of tracks');
  const fps = settings.fps ?? 30;
  if (!(Number.isInteger(fps) && fps >= 1 && fps <= 120)) throw new Error(`fps must be an integer 1..120, got ${fps}`);
  const { width, height } = outputSize(draft, settings.scale);
  const dur = seconds(durationMs);

  const files: PlanFile[] = [];
  const warnings: string[] = [];
  const video: string[] = [];
  const volumes: string[] = [];
  const texts: Array<{ seg: Seg; span: Span }> = [];
  /** Full-frame colours (backgrounds, upload cards), later ones on top. */
  const layers: Layer[] = [];
  const base = Math.min(width, height);

  const span = (seg: Seg): Span | undefined => {
    const start = num(seg.start);
    const d = num(seg.d);
    if (start === undefined || d === undefined) return undefined;
    const s = Math.max(0, start);
    const e = Math.min(durationMs, start + d);
    return e > s ? { start: s, end: e } : undefined;
  };
  const enable = ({ start, end }: Span) => `enable='gte(t,${seconds(start)})*lt(t,${seconds(end)})'`;

  const addText = (
    text: string,
    when: Span,
    style: { size: number; minSize: number; maxLines: number; centerY?: number; bottomY?: number; box: boolean },
  ) => {
    const font = fontFor(text, settings.fonts);
    if (!font) {
      warnings.push(`no font found: text not drawn (${JSON.stringify(text.slice(0, 40))})`);
      return;
    }
    const block = fitText(text, {
      fontSize: style.size,
      minFontSize: style.minSize,
      maxWidth: width * 0.86,
      maxLines: style.maxLines,
    });
    if (block.lines.length === 0) return;
    const lineHeight = Math.round(block.fontSize * (style.box ? 1.5 : 1.25));
    const blockHeight = lineHeight * block.lines.length;
    const top =
      style.bottomY !== undefined ? style.bottomY - blockHeight : (style.centerY ?? height / 2) - blockHeight / 2;
    block.lines.forEach((line, i) => {
      const path = join(settings.workDir, `text-${files.length}.txt`);
      files.push({ path, content: line });
      const y = Math.round(top + i * lineHeight + (lineHeight - block.fontSize) / 2);
      const opts = [
        `fontfile=${filterValue(font)}`,
        `textfile=${filterValue(path)}`,
        'expansion=none',
        `fontsize=${block.fontSize}`,
        'fontcolor=white',
        'x=(w-text_w)/2',
        `y=${y}`,
      ];
      if (style.box) {
        opts.push('box=1', 'boxcolor=black@0.55', `boxborderw=${Math.max(4, Math.round(block.fontSize * 0.25))}`);
      } else {
        opts.push(`borderw=${Math.max(2, Math.round(block.fontSize * 0.05))}`, 'bordercolor=black@0.6');
      }
      video.push(`drawtext=${opts.join(':')}:${enable(when)}`);
    });
  };

  for (const track of draft.t) {
    const segments = Array.isArray(track?.sg) ? (track.sg as unknown as Seg[]) : [];
    for (const seg of segments) {
      if (!seg || typeof seg !== 'object') continue;
      const when = span(seg);
      if (!when) continue;
      if (track.tt === TRACK.video) {
        const kind = seg.kind;
        const label = typeof seg.label === 'string' ? seg.label : '';
        const image = kind === 'image' ? settings.images?.get(str(seg.url) ?? '') : undefined;
        if (kind === 'background' || kind === undefined) {
          layers.push({ span: when, color: ffmpegColor(str(seg.color)) ?? paletteColor(label || str(seg.id) || '') });
        } else if (image) {
          layers.push({ span: when, color: ffmpegColor(str(seg.color)) ?? '0x000000', image });
        } else {
          // An image whose bytes the renderer was not given (or ffmpeg cannot decode), or a video (the
          // renderer decodes no clips), is shown as a labelled card: a full-frame panel, an inset frame, and
          // "IMAGE: label" / "VIDEO: label".
          layers.push({ span: when, color: ffmpegColor(str(seg.color)) ?? '0x2B2F3A' });
          // The frame as four thin filled strips: drawbox walks its whole rectangle, so one outline box the
          // size of the frame would cost as much as a full-frame fill.
          const inset = Math.round(base * 0.04);
          const t = Math.max(2, Math.round(base * 0.006));
          const [iw, ih] = [width - 2 * inset, height - 2 * inset];
          for (const [x, y, w, h] of [
            [inset, inset, iw, t],
            [inset, inset + ih - t, iw, t],
            [inset, inset, t, ih],
            [inset + iw - t, inset, t, ih],
          ]) {
            video.push(`drawbox=x=${x}:y=${y}:w=${w}:h=${h}:color=white@0.5:t=fill:${enable(when)}`);
          }
          const name = `${String(kind).toUpperCase()}: ${label || str(seg.url) || str(seg.id) || 'upload'}`;
          addText(name, when, {
            size: Math.round(base * 0.045),
            minSize: Math.round(base * 0.03),
            maxLines: 2,
            centerY: height * 0.3,
            box: false,
          });
        }
      } else if (track.tt === TRACK.text) {
        if (typeof seg.text === 'string' && seg.text.trim()) texts.push({ seg, span: when });
      } else if (track.tt === TRACK.audio) {
        const volume = Math.min(1, Math.max(0, num(seg.volume) ?? 0.35));
        if (volume > 0) {
          const s = seconds(when.start);
          const e = seconds(when.end);
          // A 50 ms ramp at each end avoids clicks.
          volumes.push(`${volume.toFixed(3)}*clip((t-${s})/0.05,0,1)*clip((${e}-t)/0.05,0,1)*gte(t,${s})*lt(t,${e})`);
        }
      }
    }
  }

  // Text goes over every visual track, titles before captions so a caption stays readable over a title.
  const ordered = [...texts.filter((x) => x.seg.role === 'title'), ...texts.filter((x) => x.seg.role !== 'title')];
  for (const { seg, span: when } of ordered) {
    const text = seg.text as string;
    if (seg.role === 'title') {
      addText(text, when, { size: Math.round(base * 0.085), minSize: Math.round(base * 0.05), maxLines: 3, box: false });
    } else {
      addText(text, when, {
        size: Math.round(base * 0.05),
        minSize: Math.round(base * 0.035),
        maxLines: 3,
        bottomY: Math.round(height * 0.86),
        box: true,
      });
    }
  }

  // The canvas: one source per run of frames of one colour or picture, concatenated. (A full-frame drawbox
  // or overlay per segment with enable= gives the same picture but costs ~10 ms a frame at 1080p.) A
  // picture is its own input, after the tone's: its first frame, scaled to fit (aspect kept), laid centred
  // on one frame of its colour (an overlay, not a pad, so transparent pixels show the colour), then that
  // frame repeated: ffmpeg decodes, scales and blends it once, not once a frame.
  const runs = colorRuns(layers, durationMs, fps);
  const pictures: string[] = [];
  const sources = runs.map((run, i) => {
    const color = `color=c=${run.color}:s=${width}x${height}:r=${fps}`;
    if (run.image === undefined) return `${color},trim=end_frame=${run.frames}[bg${i}]`;
    pictures.push(run.image);
    const fit = `scale=w=${width}:h=${height}:force_original_aspect_ratio=decrease`;
    const repeat = `loop=loop=${run.frames - 1}:size=1:start=0,settb=1/${fps},setpts=N`;
    return [
      `[${pictures.length}:v]trim=end_frame=1,${fit}[pic${i}]`,
      `${color},trim=end_frame=1[mat${i}]`,
      `[mat${i}][pic${i}]overlay=x=(W-w)/2:y=(H-h)/2,setsar=1,${repeat}[bg${i}]`,
    ].join(';');
  });
  const canvas =
    runs.length === 1 ? '[bg0]' : `${runs.map((_, i) => `[bg${i}]`).join('')}concat=n=${runs.length}:v=1:a=0,`;
  const videoChain = `${canvas}${[...video, 'format=yuv420p'].join(',')}[v]`;
  const gain = volumes.length ? volumes.join('+') : '0';
  const audioChain = `[0:a]volume='${gain}':eval=frame,aformat=sample_fmts=fltp:sample_rates=44100:channel_layouts=stereo[a]`;
  const graph = [...sources, videoChain, audioChain].join(';');
  // Linux caps one argument at 128 KiB; a very long graph goes through a file instead.
  let graphArgs = ['-filter_complex', graph];
  if (graph.length > 64 * 1024) {
    const path = join(settings.workDir, 'graph.txt');
    files.push({ path, content: graph });
    graphArgs = ['-filter_complex_script', path];
  }

  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    // The sine's own amplitude is 1/8 (about -18 dBFS); times the BGM volume it is a quiet tone.
    '-i',
    `sine=frequency=220:sample_rate=44100:duration=${dur}`,
    ...pictures.flatMap((path) => ['-i', path]),
    ...graphArgs,
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(fps),
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-movflags',
    '+faststart',
    '-t',
    dur,
    '-y',
    settings.outPath,
  ];
  return { args, files, width, height, fps, durationMs, warnings };
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
