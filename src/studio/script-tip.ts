/** The service's advice on script length: past this many words, it suggests a shorter script. */
export const SCRIPT_TIP_WORDS = 60;

/** What Studio says, in the service's words, before sending a script longer than {@link SCRIPT_TIP_WORDS}. */
export const SCRIPT_TIP = 'Tip: shorter scripts under 60 words produce faster and more coherent results.';

/**
 * The words of a message's script: the text after "script:" (or "脚本：") when it says so, else the whole
 * message. A Chinese, Japanese or Korean character counts as a word, as a Latin word does.
 *
 * @example
 * ```ts
 * scriptWords('generate a video from this script: Cities never sleep.'); // 3
 * ```
 */
export function scriptWords(message: string): number {
  const script = /(?:script|脚本|文案)\s*[:：]([\s\S]*)$/i.exec(message)?.[1] ?? message;
  const cjk = script.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  const latin = script.replace(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu, ' ').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
  return cjk + latin;
}
