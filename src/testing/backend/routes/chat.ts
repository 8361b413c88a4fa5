import { turnSteps, type TurnOutcome } from '../adk-events.js';
import { traits, type AuthedContext, type Route } from '../backend.js';
import { codeFailure, HttpFailure, readJsonBody } from '../http.js';
import { sseStream } from '../sse.js';

/**
 * How to get more credits here, not on the real service: said in the emulator's own 2001 message, which the
 * SDK shows as the server's words, so its clients need not know they talk to an emulator.
 */
const EMULATOR_TOP_UP =
  'This is the NemoVideo emulator: restart it for fresh credits, or start it with more: `npx nemo-video emulator --credits 5000`, or the `credits` option in code.';

/**
 * `POST /run_sse`: one chat turn as ADK streams it. The unknown session is ADK's own 404
 * `{"error":"Session not found: <id>"}`; a turn the user cannot pay for is the gateway's code 2001, before
 * any event. Credits are held while the agent works and spent when its tool returns.
 */
export const runSse: Route = {
  ...traits({ session: true, spends: true, stream: true }),
  auth: true,
  method: 'POST',
  pattern: /^\/run_sse$/,
  family: 'adk',
  async handle(ctx: AuthedContext) {
    const { backend, request, user, streamFault } = ctx;
    const { store, agent, config } = backend;
    const body = await readJsonBody(request).catch(() => {
      throw new HttpFailure(400, undefined, 'The request body must be a JSON object.');
    });
    if (body.app_name !== 'nemo_agent') throw new HttpFailure(404, undefined, `App not found: ${String(body.app_name)}`);
    const session = store.session(body.session_id, user.id);
    if (!session) throw new HttpFailure(404, undefined, `Session not found: ${String(body.session_id)}`);
    const text = messageText(body.new_message);
    if (!text) throw new HttpFailure(400, undefined, 'new_message must hold a text part.');

    const reply = agent.reply(text, session);
    if (!store.freeze(user, reply.cost)) {
      throw codeFailure(2001, `Insufficient credits: this needs ${reply.cost}, ${user.available} available. ${EMULATOR_TOP_UP}`);
    }
    const settle = (outcome: TurnOutcome) => {
      if (outcome === 'failed') return store.release(user, reply.cost);
      if (reply.draft) session.draft = reply.draft;
      if (reply.generated) session.generated.push(...reply.generated);
      store.settle(user, reply.cost);
    };
    const steps = turnSteps(reply, { streaming: body.streaming === true, now: config.clock.now, random: backend.eventIds, fault: streamFault });
    const [min, max] = config.delayMs;
    const stream = sseStream({
      steps,
      delayMs: () => min + backend.pacing.next() * (max - min),
      keepAliveMs: config.keepAliveMs,
      workMs: config.workMs,
      settle,
      fault: streamFault,
    });
    return new Response(stream, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' } });
  },
};

/** The text of an ADK `new_message` (`{role, parts: [{text}]}`), parts joined. */
function messageText(message: unknown): string {
  const parts = (message as { parts?: unknown } | undefined)?.parts;
  if (!Array.isArray(parts)) return '';
  return parts
    .map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : ''))
    .join('')
    .trim();
}
