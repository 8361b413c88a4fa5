import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Font files for drawtext: `latin` for most text, `cjk` for text with Chinese/Japanese/Korean characters. */
export interface FontSet {
  latin?: string;
  cjk?: string;
}

/** npm packages (optional) that ship the fonts, and the file inside each. */
const FONT_PACKAGES = {
  latin: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  // drawtext (FreeType) reads WOFF; the subset holds Latin as well as simplified Chinese.
  cjk: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff',
} as const;

/** System fonts tried when the packages are missing (a fresh machine may have none of these either). */
const SYSTEM_FONTS = {
  latin: [
    '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
    '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
    '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
    '/System/Library/Fonts/Supplemental/Arial Bold.ttf',
    'C:\\Windows\\Fonts\\arialbd.ttf',
  ],
  cjk: [
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
    '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc',
    '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc',
    '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    '/System/Library/Fonts/PingFang.ttc',
    'C:\\Windows\\Fonts\\msyhbd.ttc',
    'C:\\Windows\\Fonts\\msyh.ttc',
  ],
} as const;

let cached: Promise<FontSet> | undefined;

/**
 * Finds the fonts: `overrides` first, then the npm packages, then common system paths. A missing entry
 * means no such font was found; the renderer then falls back to the other font, or draws no text.
 */
export function locateFonts(overrides: FontSet = {}): Promise<FontSet> {
  cached ??= findDefaults();
  return cached.then((found) => ({
    ...found,
    ...(overrides.latin !== undefined && { latin: overrides.latin }),
    ...(overrides.cjk !== undefined && { cjk: overrides.cjk }),
  }));
}

async function findDefaults(): Promise<FontSet> {
  const [latin, cjk] = await Promise.all([
    firstExisting([resolvePackageFile(FONT_PACKAGES.latin), ...SYSTEM_FONTS.latin]),
    firstExisting([resolvePackageFile(FONT_PACKAGES.cjk), ...SYSTEM_FONTS.cjk]),
  ]);
  return { ...(latin && { latin }), ...(cjk && { cjk }) };
}

function resolvePackageFile(specifier: string): string | undefined {
  try {
    return localRequire().resolve(specifier);
  } catch {
    return undefined;
  }
}

function localRequire(): NodeRequire {
  // ESM has import.meta.url; the CJS build defines it as undefined and has __filename instead.
  const base: string | undefined =
    (import.meta.url as string | undefined) ?? (typeof __filename === 'string' ? __filename : undefined);
  return createRequire(base ?? join(process.cwd(), 'noop.js'));
}

async function firstExisting(paths: Array<string | undefined>): Promise<string | undefined> {
  for (const path of paths) {
    if (!path) continue;
    try {
      await access(path);
      return path;
    } catch {
      // Try the next.
    }
  }
  return undefined;
}

/** Han ideographs, kana, Hangul, and CJK/full-width punctuation. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** True when `text` holds characters the Latin font cannot draw (Chinese, Japanese, Korean). */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** The font to draw `text` with, or undefined when none is available. */
export function fontFor(text: string, fonts: FontSet): string | undefined {
  return hasCjk(text) ? (fonts.cjk ?? fonts.latin) : (fonts.latin ?? fonts.cjk);
}
