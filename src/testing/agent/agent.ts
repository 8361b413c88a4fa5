import type { WireDraft } from '../draft.js';
import type { MediaRecord } from '../backend/state.js';
import type { Random } from '../random.js';
import { applyEdits } from './edit.js';
import { buildDraft } from './generate.js';
import { readIntent, type Edit, type Intent } from './intent.js';
import { asTitle, musicName, quotedTitle, sentencesOf, wordCount } from './script.js';

/** Credits per turn: about 100 per generated clip, about 50 per edit; talking is free (wire.md). */
export const COSTS = { generate: 100, edit: 50, chat: 0 } as const;

/** The tools the real agent is seen calling. */
export const TOOLS = { generate: 'generate_video_with_seedance', edit: 'edit_multitrack' } as const;

/** A tool call the turn makes, with the result it returns. */
export interface ToolCall {
  name: string;
  args: Record<string, unknown>;
  response: Record<string, unknown>;
}

/** What the agent does with one message. Texts are absent on a silent turn. */
export interface AgentReply {
  kind: keyof typeof COSTS;
  cost: number;
  /** Said before the tool call. */
  intro?: string;
  tool?: ToolCall;
  /** Said after the tool result (or the whole answer, when there is no tool). */
  summary?: string;
  /** The timeline after the turn, applied when the tool returns. */
  draft?: WireDraft;
  /** Clips the turn generated, for the state's `generated_media`. */
  generated?: Array<Record<string, unknown>>;
}

/** What the agent knows of a session. */
export interface AgentSession {
  draft: WireDraft | undefined;
  media: readonly MediaRecord[];
}

/** A rule-based stand-in for the service's agent: no model, same message → same timeline. */
export interface Agent {
  reply(message: string, session: AgentSession): AgentReply;
}

/** Options of {@link createAgent}. */
export interface AgentOptions {
  /** Share of edit turns that end after the tool events with no text at all (0..1). */
  silentEditRate: number;
  /** Decides which edits are silent; its own stream, so other randomness does not shift the choice. */
  random: Random;
  /** Ids for segments and generated clips. */
  ids: Random;
}

/** Shortest and longest video the agent makes when it picks the length itself (seconds). */
const AUTO_SECONDS = { min: 5, max: 60 };
/** Words spoken per second, to size a video to its script. */
const WORDS_PER_SECOND = 2.5;

const HELP =
  'I can turn a script into a video (try "generate a 30-second video from this script: ..."), then edit it: ' +
  'add music ("add lo-fi BGM"), change the title ("change the title to ..."), the length ("make it 15 seconds") ' +
  'or the shape ("vertical 9:16").';

export function createAgent({ silentEditRate, random, ids }: AgentOptions): Agent {
  const newId = () => `seg_${ids.hex(10)}`;

  function generate(intent: Extract<Intent, { kind: 'generate' }>, session: AgentSession): AgentReply {
    const visuals = session.media.filter((m) => m.fileType !== 'audio');
    const quoted = intent.title ?? (intent.script ? quotedTitle(intent.script) : undefined);
    // A sentence that is only the quoted title ("Urban Dreams".) is the title, not a scene.
    const sentences = intent.script
      ? sentencesOf(intent.script).filter((s, _, all) => !(all.length > 1 && asTitle(s) === quoted))
      : intent.topic
        ? [`${musicName(intent.topic)}.`, `A closer look at ${intent.topic}.`, `Why ${intent.topic} matters.`]
        : visuals.map((m) => m.filename.replace(/\.[^.]+$/, ''));
    if (!sentences.length) return chat('Send me a script after a colon, or upload some pictures or clips first. ' + HELP);
    const auto = Math.round(wordCount(sentences.join(' ')) / WORDS_PER_SECOND);
    const seconds = intent.seconds ?? (intent.script ? Math.min(AUTO_SECONDS.max, Math.max(AUTO_SECONDS.min, auto)) : 30);
    const title = quoted ?? asTitle(sentences[0]!);
    const aspect = intent.aspect ?? '16:9';
    const music = musicName(intent.music ?? 'Ambient');
    const draft = buildDraft({ sentences, durationMs: Math.round(seconds * 1000), title, aspect, music, visuals, newId });
    const clip = { media_id: `vid_${ids.hex(12)}`, type: 'video', duration: seconds, scenes: sentences.length };
    return {
      kind: 'generate',
      cost: COSTS.generate,
      intro: `Generating ${/^(8|1[18](?!\d))/.test(String(seconds)) ? 'an' : 'a'} ${seconds}-second ${aspect} video from your script: ${sentences.length} scenes with captions.`,
      tool: {
        name: TOOLS.generate,
        args: { prompt: intent.script || intent.topic || title, duration: seconds, aspect_ratio: aspect, scenes: sentences.length },
        response: { status: 'success', ...clip, draft_updated: true },
      },
      summary:
        `Your ${seconds}-second video "${title}" is ready: ${sentences.length} scenes with captions, the title in the first ` +
        `3 seconds and ${music} background music at 35%. Preview it in the timeline, then click the Export button to download the MP4.`,
      draft,
      generated: [{ ...clip, tool: TOOLS.generate, prompt: intent.script || intent.topic || title }],
    };
  }

  function edit(edits: Edit[], session: AgentSession): AgentReply {
    if (!session.draft) return chat('There is nothing on the timeline yet: ask me to generate a video first, or upload some media.');
    const { draft, changes } = applyEdits(session.draft, edits, newId);
    // One draw per edit turn, and only here, so the n-th edit's fate depends on the seed alone.
    const silent = random.next() < silentEditRate;
    const text = (t: string) => (silent ? undefined : t);
    return {
      kind: 'edit',
      cost: COSTS.edit,
      intro: text('Updating the timeline.'),
      tool: { name: TOOLS.edit, args: { operations: edits.map(operationOf) }, response: { status: 'success', changes, draft_updated: true } },
      summary: text(`Done: ${changes.join('; ')}.`),
      draft,
    };
  }

  const chat = (summary: string): AgentReply => ({ kind: 'chat', cost: COSTS.chat, summary });

  return {
    reply(message, session) {
      const intent = readIntent(message);
      if (intent.kind === 'generate') return generate(intent, session);
      if (intent.kind === 'edit') return edit(intent.edits, session);
      return chat(session.draft ? `I did not catch an edit there. ${HELP}` : `Ready when you are. ${HELP}`);
    },
  };
}

/** An edit as the `edit_multitrack` tool's operation (snake_case: tool args are user data on the wire). */
function operationOf(edit: Edit): Record<string, unknown> {
  switch (edit.kind) {
    case 'music':
      return { op: 'set_bgm', name: edit.name, volume: 0.35 };
    case 'title':
      return { op: 'set_title', text: edit.text };
    case 'duration':
      return { op: 'set_duration', seconds: edit.seconds };
    case 'aspect':
      return { op: 'set_aspect_ratio', aspect_ratio: edit.aspect };
  }
}
