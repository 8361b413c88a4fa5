import { hasCjk } from './fonts.js';

/** Text laid out for drawtext: one drawtext per line, each centred. */
export interface TextBlock {
  fontSize: number;
  lines: string[];
}

/** Rough advance width of one character in em, for a bold sans face; wide rather than narrow. */
function charWidthEm(ch: string): number {
  if (hasCjk(ch)) return 1.0;
  if (ch === ' ') return 0.35;
  if (/[iIl.,:;'!|]/.test(ch)) return 0.38;
  if (/[A-Z0-9]/.test(ch)) return 0.76;
  if (/[mwMW]/.test(ch)) return 1.05;
  return 0.66;
}

/** Estimated width of `text` in pixels at `fontSize` (drawtext cannot measure before drawing). */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch);
  return em * fontSize;
}

/** Splits text into breakable pieces: Latin words keep their trailing space, CJK characters stand alone. */
function tokens(paragraph: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of paragraph) {
    if (hasCjk(ch)) {
      if (word) out.push(word);
      word = '';
      out.push(ch);
    } else if (ch === ' ') {
      out.push(`${word} `);
      word = '';
    } else {
      word += ch;
    }
  }
  if (word) out.push(word);
  return out;
}

/** Greedy line breaking of `text` into lines no wider than `maxWidth` px (estimated). */
export function wrapText(text: string, fontSize: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const token of tokens(paragraph)) {
      if (line && textWidth((line + token).trimEnd(), fontSize) > maxWidth) {
        lines.push(line.trimEnd());
        line = '';
      }
      if (!line && textWidth(token.trimEnd(), fontSize) > maxWidth) {
        // A word too long for a line on its own: break it by characters.
        for (const ch of token) {
          if (line && textWidth(line + ch, fontSize) > maxWidth) {
            lines.push(line);
            line = '';
          }
          line += ch;
        }
        continue;
      }
      line += token;
    }
    if (line.trim()) lines.push(line.trimEnd());
  }
  return lines;
}

/**
 * Fits `text` into at most `maxLines` lines of `maxWidth` px, shrinking the font from `fontSize` down to
 * `minFontSize`; what still does not fit is cut with an ellipsis.
 */
export function fitText(
  text: string,
  opts: { fontSize: number; minFontSize: number; maxWidth: number; maxLines: number },
): TextBlock {
  const clean = sanitize(text);
  let size = opts.fontSize;
  let lines = wrapText(clean, size, opts.maxWidth);
  while (lines.length > opts.maxLines && size > opts.minFontSize) {
    size = Math.max(opts.minFontSize, Math.floor(size * 0.9));
    lines = wrapText(clean, size, opts.maxWidth);
  }
  if (lines.length > opts.maxLines) {
    lines = lines.slice(0, opts.maxLines);
    let last = lines[opts.maxLines - 1] ?? '';
    while (last && textWidth(`${last}...`, size) > opts.maxWidth) last = [...last].slice(0, -1).join('');
    lines[opts.maxLines - 1] = `${last.trimEnd()}...`;
  }
  return { fontSize: Math.round(size), lines };
}

/** Normalises newlines and whitespace and drops control characters drawtext would show as boxes. */
export function sanitize(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .trim();
}
