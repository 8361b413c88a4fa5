/** The renderer's pure parts: escaping, layout, colour runs and the ffmpeg plan (no ffmpeg needed). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeGraphLevel, escapeOptionValue, ffmpegColor, filterValue, seconds } from '../../src/testing/server/render/escape.js';
import { fontFor, hasCjk } from '../../src/testing/server/render/fonts.js';
import { colorRuns } from '../../src/testing/server/render/canvas.js';
import { outputSize, planRender } from '../../src/testing/server/render/graph.js';
import { fitText, sanitize, wrapText } from '../../src/testing/server/render/layout.js';
import { TRACK, type WireDraft } from '../../src/testing/draft.js';

const draft = (over: Partial<WireDraft> = {}): WireDraft => ({
  d: 8000,
  m: { width: 1920, height: 1080, aspect: '16:9' },
  t: [
    { tt: TRACK.video, sg: [{ id: 'v', start: 0, d: 8000, kind: 'background', label: 'sky', color: '#112233' }] },
    {
      tt: TRACK.text,
      sg: [
        { id: 't', start: 0, d: 2000, role: 'title', text: 'Title' },
        { id: 'c', start: 2000, d: 3000, role: 'caption', text: `It's 100%: "quoted" \\ [x], y; z` },
        { id: 'z', start: 5000, d: 3000, role: 'caption', text: '中文字幕' },
      ],
    },
    { tt: TRACK.audio, sg: [{ id: 'a', start: 1000, d: 4000, name: 'Lo-fi', volume: 0.35 }] },
  ],
  ...over,
});

const settings = { fonts: { latin: '/f/latin.ttf', cjk: '/f/cjk.woff' }, workDir: '/w', outPath: '/w/out.mp4' };
const graphOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1] ?? '';

describe('escaping', () => {
  it('escapes option values, then the graph level, as the ffmpeg docs describe', () => {
    expect(escapeOptionValue(`a:b'c\\d`)).toBe(`a\\:b\\'c\\\\d`);
    expect(escapeGraphLevel('[a],b;c')).toBe('\\[a\\]\\,b\\;c');
    // The docs' example: this is a 'string': may contain one, or more, special characters
    expect(filterValue(`this is a 'string': may contain one, or more, special characters`)).toBe(
      `this is a \\\\\\'string\\\\\\'\\\\: may contain one\\, or more\\, special characters`,
    );
  });

  it('formats seconds and colours', () => {
    expect(seconds(2500)).toBe('2.500');
    expect(seconds(1)).toBe('0.001');
    expect(ffmpegColor('#1d3557')).toBe('0x1D3557');
    expect(ffmpegColor('abc')).toBe('0xAABBCC');
    expect(ffmpegColor('red; drop')).toBeUndefined();
    expect(ffmpegColor(undefined)).toBeUndefined();
  });
});

describe('fonts and layout', () => {
  it('picks the CJK font for Chinese, Japanese and Korean text', () => {
    const fonts = { latin: 'L', cjk: 'C' };
    expect(hasCjk('Hello, world')).toBe(false);
    expect(hasCjk('中文 and English')).toBe(true);
    expect(hasCjk('カタカナ')).toBe(true);
    expect(hasCjk('한국어')).toBe(true);
    expect(fontFor('Hello', fonts)).toBe('L');
    expect(fontFor('你好', fonts)).toBe('C');
    expect(fontFor('你好', { latin: 'L' })).toBe('L');
    expect(fontFor('Hello', { cjk: 'C' })).toBe('C');
    expect(fontFor('Hello', {})).toBeUndefined();
  });

  it('wraps Latin at spaces and CJK between characters', () => {
    expect(wrapText('one two three four', 100, 800)).toEqual(['one two', 'three four']);
    const cjk = wrapText('一二三四五六七八', 100, 350);
    expect(cjk).toEqual(['一二三', '四五六', '七八']);
    expect(wrapText('supercalifragilistic', 100, 500).length).toBeGreaterThan(1);
    expect(wrapText('line one\nline two', 50, 10_000)).toEqual(['line one', 'line two']);
  });

  it('shrinks, then cuts with an ellipsis, text that does not fit', () => {
    const long = 'word '.repeat(200).trim();
    const block = fitText(long, { fontSize: 90, minFontSize: 50, maxWidth: 1600, maxLines: 3 });
    expect(block.fontSize).toBe(50);
    expect(block.lines).toHaveLength(3);
    expect(block.lines[2]?.endsWith('...')).toBe(true);
    expect(fitText('Short', { fontSize: 90, minFontSize: 50, maxWidth: 1600, maxLines: 3 })).toEqual({
      fontSize: 90,
      lines: ['Short'],
    });
  });

  it('sanitises control characters and whitespace', () => {
    expect(sanitize(' a\tb\r\nc\u0007  d ')).toBe('a b\nc d');
  });
});

describe('colorRuns', () => {
  it('fills gaps with black, lets later layers win and rounds to frames', () => {
    const runs = colorRuns(
      [
        { span: { start: 1000, end: 5000 }, color: 'A' },
        { span: { start: 2000, end: 3000 }, color: 'B' },
      ],
      6000,
      30,
    );
    expect(runs).toEqual([
      { frames: 30, color: '0x000000' },
      { frames: 30, color: 'A' },
      { frames: 30, color: 'B' },
      { frames: 60, color: 'A' },
      { frames: 30, color: '0x000000' },
    ]);
    expect(colorRuns([], 3210, 24)).toEqual([{ frames: 77, color: '0x000000' }]);
    // Adjacent segments of one colour merge.
    const same = colorRuns(
      [
        { span: { start: 0, end: 1000 }, color: 'A' },
        { span: { start: 1000, end: 2000 }, color: 'A' },
      ],
      2000,
      30,
    );
    expect(same).toEqual([{ frames: 60, color: 'A' }]);
  });
});

describe('outputSize', () => {
  it('follows m.width/m.height, falls back to the aspect, and scales to even sizes', () => {
    expect(outputSize(draft())).toEqual({ width: 1920, height: 1080 });
    expect(outputSize(draft({ m: { width: 0, height: 0, aspect: '9:16' } }))).toEqual({ width: 1080, height: 1920 });
    expect(outputSize(draft({ m: { width: 1080, height: 1080, aspect: '1:1' } }), 0.5)).toEqual({
      width: 540,
      height: 540,
    });
    expect(outputSize(draft(), 0.3)).toEqual({ width: 576, height: 324 });
    expect(() => outputSize(draft(), 0)).toThrow(/scale/);
  });
});

describe('planRender', () => {
  it('builds the ffmpeg arguments the brief asks for', () => {
    const plan = planRender(draft(), settings);
    const { args } = plan;
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('-c:v')).toBe('libx264');
    expect(after('-preset')).toBe('ultrafast');
    expect(after('-pix_fmt')).toBe('yuv420p');
    expect(after('-movflags')).toBe('+faststart');
    expect(after('-c:a')).toBe('aac');
    expect(after('-t')).toBe('8.000');
    expect(args.at(-1)).toBe('/w/out.mp4');
    expect([plan.width, plan.height, plan.fps]).toEqual([1920, 1080, 30]);
    expect(plan.warnings).toEqual([]);
  });

  it('passes text through files, never inline, and picks the font per text', () => {
    const plan = planRender(draft(), settings);
    const graph = graphOf(plan.args);
    expect(plan.files.map((f) => f.content)).toEqual(['Title', `It's 100%: "quoted" \\ [x], y; z`, '中文字幕']);
    expect(plan.files.every((f) => f.path.startsWith(join('/w', 'text-')))).toBe(true);
    expect(graph).not.toContain('quoted');
    expect(graph.match(/expansion=none/g)).toHaveLength(3);
    expect(graph.match(/fontfile=\/f\/cjk\.woff/g)).toHaveLength(1);
    expect(graph.match(/fontfile=\/f\/latin\.ttf/g)).toHaveLength(2);
    expect(graph).toContain("enable='gte(t,2.000)*lt(t,5.000)'");
  });

  it('draws the background colour and gates the tone on the BGM span', () => {
    const graph = graphOf(planRender(draft(), settings).args);
    expect(graph).toContain('color=c=0x112233:s=1920x1080:r=30,trim=end_frame=240[bg0]');
    expect(graph).toContain('0.350*');
    expect(graph).toContain('gte(t,1.000)*lt(t,5.000)');
  });

  it('is silent without BGM, and warns instead of failing when no font exists', () => {
    const plan = planRender(draft({ t: [{ tt: TRACK.text, sg: [{ id: 't', start: 0, d: 1000, role: 'title', text: 'Hi' }] }] }), {
      ...settings,
      fonts: {},
    });
    expect(graphOf(plan.args)).toContain("volume='0'");
    expect(graphOf(plan.args)).not.toContain('drawtext');
    expect(plan.warnings).toHaveLength(1);
  });

  it('ignores segments outside the draft and clips those that overrun it', () => {
    const plan = planRender(
      draft({
        t: [
          {
            tt: TRACK.text,
            sg: [
              { id: 'a', start: 9000, d: 1000, role: 'caption', text: 'after the end' },
              { id: 'b', start: 7000, d: 5000, role: 'caption', text: 'overruns' },
              { id: 'c', start: 1000, d: 0, role: 'caption', text: 'empty' },
            ],
          },
        ],
      }),
      settings,
    );
    expect(plan.files.map((f) => f.content)).toEqual(['overruns']);
    expect(graphOf(plan.args)).toContain("enable='gte(t,7.000)*lt(t,8.000)'");
  });

  it('reads each picture as an input, fits it once and repeats it for its frames; a picture it was not given is a card', () => {
    const shot = { id: 'i', start: 1000, d: 2000, kind: 'image' as const, label: 'shot', url: 'https://e.test/files/up_1.png' };
    const other = { ...shot, id: 'j', start: 3000, url: 'https://e.test/files/up_2.png' };
    const plan = planRender(draft({ t: [{ tt: TRACK.video, sg: [shot, other] }] }), {
      ...settings,
      images: new Map([[shot.url, '/w/image-0.png']]),
    });
    const graph = graphOf(plan.args);
    expect(plan.args.slice(plan.args.indexOf('/w/image-0.png') - 1, plan.args.indexOf('/w/image-0.png') + 1)).toEqual(['-i', '/w/image-0.png']);
    expect(plan.args.filter((a) => a === '-i')).toHaveLength(2); // the tone and the one picture
    expect(graph).toContain('[1:v]trim=end_frame=1,scale=w=1920:h=1080:force_original_aspect_ratio=decrease[pic1]');
    expect(graph).toContain('color=c=0x000000:s=1920x1080:r=30,trim=end_frame=1[mat1]');
    expect(graph).toContain('[mat1][pic1]overlay=x=(W-w)/2:y=(H-h)/2,setsar=1,loop=loop=59:size=1:start=0,settb=1/30,setpts=N[bg1]');
    expect(graph).toContain('[bg0][bg1][bg2][bg3]concat=n=4');
    // The second image has no file: its card's label is drawn instead.
    expect(plan.files.map((f) => f.content)).toEqual(['IMAGE: shot']);
  });

  it('rejects drafts it cannot render', () => {
    expect(() => planRender(draft({ d: 0 }), settings)).toThrow(/draft\.d/);
    expect(() => planRender(draft({ d: Number.NaN }), settings)).toThrow(/draft\.d/);
    expect(() => planRender(draft({ d: 31 * 60_000 }), settings)).toThrow(/longer/);
    expect(() => planRender(draft(), { ...settings, fps: 0 })).toThrow(/fps/);
  });
});
