import type { WireDraft } from '../draft.js';
import { musicName, quotedTitle } from './script.js';

/** An aspect ratio the agent knows: the draft's. */
export type Aspect = WireDraft['m']['aspect'];

/** One change to an existing timeline. */
export type Edit =
  | { kind: 'music'; name: string }
  | { kind: 'title'; text: string }
  | { kind: 'duration'; seconds: number }
  | { kind: 'aspect'; aspect: Aspect };

/** What a chat message asks for. */
export type Intent =
  | {
      kind: 'generate';
      /** The script to turn into scenes (may be empty: then `topic`, or uploaded media, fill in). */
      script: string;
      topic?: string | undefined;
      seconds?: number | undefined;
      title?: string | undefined;
      aspect?: Aspect | undefined;
      music?: string | undefined;
    }
  | { kind: 'edit'; edits: Edit[] }
  | { kind: 'chat' };

const GENERATE = [
  /\b(?:generate|create|produce)\b[^.:：\n]*\bvideo\b/i,
  /\bmake\s+(?:me\s+)?(?:a|an)\b[^.:：\n]*\bvideo\b/i,
  /\bfrom\s+this\s+(?:text\s+)?script\b/i,
  /\bturn\s+this\b[^.:：\n]*\binto\s+a\s+video\b/i,
  /生成|制作.*视频/,
];

const SECONDS = /(\d+(?:\.\d+)?)\s*(?:-|\s)?\s*(?:seconds?|secs?|s)\b|(\d+(?:\.\d+)?)\s*秒/i;

/** Seconds mentioned in `text` ("30-second", "15 seconds", "20s", "30秒"), if any. */
export function secondsIn(text: string): number | undefined {
  const match = SECONDS.exec(text);
  const value = Number(match?.[1] ?? match?.[2]);
  return value > 0 ? value : undefined;
}

/** An aspect ratio named in `text`, if any. */
export function aspectIn(text: string): Aspect | undefined {
  if (/\b(?:vertical|portrait)\b|9\s*[:：/x]\s*16|竖屏|竖版/i.test(text)) return '9:16';
  if (/\bsquare\b|\b1\s*[:：]\s*1\b|方形|正方形/i.test(text)) return '1:1';
  if (/\b16\s*[:：/x]\s*9\b|\b(?:landscape|horizontal|widescreen)\b|横屏|横版/i.test(text)) return '16:9';
  return undefined;
}

/** Music asked for in `text` ("add lo-fi BGM", "add jazz music", "添加轻音乐"), if any. */
export function musicIn(text: string): string | undefined {
  const english = /\b(?:add|use|put|with)\s+(?:some\s+|a\s+|an\s+|the\s+)?([\p{L}\p{N}][\p{L}\p{N} '&-]*?)?\s*(?:background\s+music|bgm|music|soundtrack)\b/iu.exec(text);
  if (english) return english[1]?.trim() || 'Upbeat';
  const chinese = /(?:添加|加上|加入|配上)(.*?)(?:背景音乐|音乐|BGM)/i.exec(text);
  return chinese ? chinese[1]?.trim() || '轻音乐' : undefined;
}

/** A new title asked for in `text` ("change the title to X", "标题改为 X"), if any. */
export function titleIn(text: string): string | undefined {
  const match =
    /\b(?:change|set|rename|update)\s+the\s+title\s+(?:to|as)\s*[:：]?\s*(.+?)\s*$/is.exec(text) ?? /标题(?:改为|改成|换成|设为)\s*[:：]?\s*(.+?)\s*$/s.exec(text);
  if (!match) return undefined;
  const raw = match[1]!;
  return (quotedTitle(raw) ?? raw.replace(/[.!?。！？]+$/, '')).trim() || undefined;
}

/** Splits a generation request into the instruction and the script after its colon. */
function splitScript(message: string): { instruction: string; script: string } {
  // "script:" first; else the first colon that is not inside a ratio such as 9:16.
  const colon = /script\s*[:：]/i.exec(message) ?? /(?<!\d)[:：]|[:：](?!\d)/.exec(message);
  if (!colon) return { instruction: message, script: '' };
  return { instruction: message.slice(0, colon.index), script: message.slice(colon.index + colon[0].length).trim() };
}

/**
 * Reads what `message` asks for. Generation wins over edits ("generate a vertical video…" is one request);
 * a message that is neither is plain chat.
 */
export function readIntent(message: string): Intent {
  if (GENERATE.some((re) => re.test(message))) {
    const { instruction, script } = splitScript(message);
    const topic = script ? undefined : /\babout\s+(.+?)[.!?]?\s*$/is.exec(instruction)?.[1] ?? /关于(.+?)的?视频/.exec(instruction)?.[1];
    return {
      kind: 'generate',
      script,
      topic,
      seconds: secondsIn(instruction),
      title: quotedTitle(instruction),
      aspect: aspectIn(instruction),
      music: musicIn(instruction),
    };
  }
  const edits: Edit[] = [];
  const music = musicIn(message);
  if (music) edits.push({ kind: 'music', name: musicName(music) });
  const title = titleIn(message);
  if (title) edits.push({ kind: 'title', text: title });
  // A title may itself contain numbers or words like "square": only look for the others outside it.
  const rest = title ? message.replace(title, '') : message;
  const seconds = secondsIn(rest);
  if (seconds) edits.push({ kind: 'duration', seconds });
  const aspect = aspectIn(rest);
  if (aspect) edits.push({ kind: 'aspect', aspect });
  return edits.length ? { kind: 'edit', edits } : { kind: 'chat' };
}
