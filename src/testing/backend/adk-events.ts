import type { AgentReply } from '../agent/agent.js';
import type { StreamFault } from '../faults.js';
import type { Random } from '../random.js';

/** An ADK event as the wire carries it (camelCase keys; `args` and `response` contents are user data). */
export type AdkEvent = Record<string, unknown>;

/** How a turn ends for the session: its result lands (`done`), or the run failed and nothing changes. */
export type TurnOutcome = 'done' | 'failed';

/**
 * One step of a streamed turn: an event to send, a stretch of tool work (keep-alives go out meanwhile), the
 * moment the turn's outcome lands in the session (draft changed and credits spent, or credits given back),
 * or the end of the stream before the remaining steps.
 */
export type StreamStep = { event: AdkEvent } | { work: true } | { commit: TurnOutcome } | { end: true };

/** The agent's name as events carry it in `author`. */
export const AGENT_NAME = 'nemo_agent';

/** Words per partial delta when the client asked for `streaming: true`. */
const WORDS_PER_DELTA = 3;

/** Options of {@link turnSteps}. */
export interface TurnStepsOptions {
  /** The request's `streaming`: text goes out as `partial: true` deltas before each final event. */
  streaming: boolean;
  /** Timestamps (epoch ms, as ADK JS sends them). */
  now: () => number;
  random: Random;
  /**
   * An agent-level fault to play (`agent-error`, `tool-error`); transport faults are the SSE writer's.
   * @default undefined (no fault)
   */
  fault?: StreamFault | undefined;
}

/**
 * The ADK event sequence of a turn: [text] → tool call → (work) → tool result → [text]. Text events carry
 * no `partial` key when final; there is no "done" event: the stream just ends.
 */
export function turnSteps(reply: AgentReply, { streaming, now, random, fault }: TurnStepsOptions): StreamStep[] {
  const invocationId = `e-${random.uuid()}`;
  const base = (): AdkEvent => ({ id: random.uuid(), invocationId, author: AGENT_NAME, timestamp: now() });
  const event = (content: AdkEvent, extra: AdkEvent = {}): StreamStep => ({ event: { ...base(), content, ...extra } });
  const actions = { stateDelta: {}, artifactDelta: {}, requestedAuthConfigs: {} };
  const text = (message: string): StreamStep[] => [
    ...(streaming ? deltas(message).map((delta) => event({ role: 'model', parts: [{ text: delta }] }, { partial: true })) : []),
    event({ role: 'model', parts: [{ text: message }] }, { actions }),
  ];

  // A failing tool answers with `response.error`; the run goes on, says so, and changes nothing.
  const toolFails = fault?.kind === 'tool-error' && reply.tool;
  const message = fault && 'message' in fault && fault.message ? fault.message : 'The tool timed out.';
  const steps: StreamStep[] = [];
  if (reply.intro) steps.push(...text(reply.intro));
  if (reply.tool) {
    const call = { id: `adk-${random.uuid()}`, name: reply.tool.name };
    steps.push(
      { work: true },
      event({ role: 'model', parts: [{ functionCall: { ...call, args: reply.tool.args } }] }, { actions }),
      { work: true },
      { commit: toolFails ? 'failed' : 'done' },
      event({ role: 'user', parts: [{ functionResponse: { ...call, response: toolFails ? { error: message } : reply.tool.response } }] }, { actions }),
    );
  } else steps.push({ commit: 'done' });
  if (toolFails) steps.push(...text(`Sorry, ${reply.tool!.name} failed (${message}). Nothing on the timeline was changed.`));
  else if (reply.summary) steps.push(...text(reply.summary));
  return fault?.kind === 'agent-error' ? withAgentError(steps, fault, base) : steps;
}

/**
 * Puts a model failure after `afterEvents` events: a terminal `{"error": …}` (nothing else in it) that ends
 * the run and the stream, or an ordinary event with `errorCode` / `errorMessage` after which the turn goes on.
 */
function withAgentError(steps: StreamStep[], fault: Extract<StreamFault, { kind: 'agent-error' }>, base: () => AdkEvent): StreamStep[] {
  const message = fault.message ?? 'The model is overloaded. Please try again later.';
  let at = steps.length;
  for (let i = 0, events = 0; i < steps.length; i++) {
    if (events === (fault.afterEvents ?? 1)) {
      at = i;
      break;
    }
    if ('event' in steps[i]!) events += 1;
  }
  const terminal = fault.terminal ?? true;
  const inserted: StreamStep[] = terminal
    ? [{ commit: 'failed' }, { event: { error: message } }, { end: true }]
    : [{ event: { ...base(), errorCode: 'MODEL_ERROR', errorMessage: message } }];
  return [...steps.slice(0, at), ...inserted, ...steps.slice(at)];
}

/** `text` in pieces of a few words, whitespace kept, so the pieces join back to exactly `text`. */
export function deltas(text: string): string[] {
  const words = text.match(/\S+\s*/g) ?? [text];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += WORDS_PER_DELTA) pieces.push(words.slice(i, i + WORDS_PER_DELTA).join(''));
  const lead = /^\s*/.exec(text)![0];
  if (lead && pieces.length) pieces[0] = lead + pieces[0];
  return pieces;
}
