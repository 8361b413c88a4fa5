// Terminal columns of text, by Unicode's East Asian Width: wide and fullwidth characters (CJK, kana, Hangul,
// fullwidth forms) and emoji presented as emoji take two; combining marks and format characters (joiners,
// variation selectors) none. Two regular expressions keep it small for the browser; a library such as
// string-width would also handle every emoji sequence, as a dependency of its own.
const WIDE = /[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\u303e\u3041-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
const ZERO = /[\p{Mn}\p{Me}\p{Cf}]/u;

/**
 * How many terminal columns one character (a code point) takes: 2 for East Asian wide and fullwidth ones and
 * emoji, 0 for combining marks, joiners and variation selectors, else 1.
 *
 * @example
 * ```ts
 * charWidth('字'); // 2
 * ```
 */
export const charWidth = (char: string): number => (ZERO.test(char) ? 0 : WIDE.test(char) ? 2 : 1);

/**
 * How many terminal columns `text` takes.
 *
 * @example
 * ```ts
 * displayWidth('城市 city'); // 9
 * ```
 */
export const displayWidth = (text: string): number => [...text].reduce((sum, char) => sum + charWidth(char), 0);
