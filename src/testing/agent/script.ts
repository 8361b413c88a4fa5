/** Reading a script: sentences, length, a title, a short label per sentence. English and Chinese. */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
/** The same class without `g`: `test` on a global regex keeps state between calls. */
const HAS_CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The script's sentences, punctuation kept; line breaks end a sentence too. */
export function sentencesOf(script: string): string[] {
  return script
    .split(/(?<=[.!?。！？])\s*|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** Spoken length in words: Latin words, plus two Chinese characters per word. */
export function wordCount(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text.replace(CJK, ' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return latin + Math.ceil(cjk / 2);
}

/** A title in quotes ("…", “…”, 「…」, 《…》), if the text has one. */
export function quotedTitle(text: string): string | undefined {
  const match = /"([^"\n]{1,80})"|“([^”\n]{1,80})”|「([^」\n]{1,80})」|《([^》\n]{1,80})》/.exec(text);
  return match?.slice(1).find(Boolean)?.trim() || undefined;
}

/** A sentence as a title: no end punctuation or quotes, at most 60 characters. */
export function asTitle(sentence: string): string {
  const bare = sentence.replace(/^["“「《'\s]+|["”」》'\s.!?。！？]+$/g, '');
  return bare.length > 60 ? `${bare.slice(0, 57).trimEnd()}…` : bare;
}

const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have in into is it its of on or our so that the their this to was we were will with you your i my me they them these those there here than then when while what which who how all every never'.split(
    ' ',
  ),
);

/** What a background for `sentence` shows: its first three content words ("city timelapse"), lower case. */
export function labelOf(sentence: string): string {
  if (HAS_CJK.test(sentence)) return sentence.replace(/[\s\p{P}]/gu, '').slice(0, 8);
  const words = sentence
    .toLowerCase()
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter((w) => w && !STOP_WORDS.has(w));
  return words.slice(0, 3).join(' ') || 'abstract background';
}

/** A music name as the timeline shows it: "lo-fi" → "Lo-fi". */
export const musicName = (raw: string): string => {
  const name = raw.trim().replace(/\s+/g, ' ');
  return name ? name[0]!.toUpperCase() + name.slice(1) : 'Upbeat';
};
