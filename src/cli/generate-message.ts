/** The aspect ratios `generate --aspect` takes, as the words the message uses for them. */
export const ASPECT_WORDS = { '16:9': 'landscape', '9:16': 'vertical' } as const;

/** An aspect ratio `generate` takes. */
export type Aspect = keyof typeof ASPECT_WORDS;

/** "an" before numbers said with a vowel sound: 8, 11, 18, 80-89, 800-899, 8000… */
const article = (seconds: string) => (/^8/.test(seconds) || /^1[18](\d{3})?$/.test(seconds) ? 'an' : 'a');

/**
 * The chat message that asks for a video: `generate an 8-second landscape video from this script: …`.
 * The aspect ratio is said in words ("landscape", "vertical"): a colon inside "16:9" could be read as the
 * start of the script.
 */
export function generateMessage(script: string, { seconds, aspect }: { seconds?: number | undefined; aspect?: Aspect | undefined } = {}): string {
  const words: string[] = [];
  if (seconds !== undefined) words.push(`${seconds}-second`);
  if (aspect) words.push(ASPECT_WORDS[aspect]);
  const first = words[0];
  const described = first === undefined ? 'a video' : `${/^\d/.test(first) ? article(String(seconds)) : 'a'} ${words.join(' ')} video`;
  return `generate ${described} from this script: ${script.trim()}`;
}
