import type { StreamFault } from '../faults.js';
import type { AdkEvent, StreamStep, TurnOutcome } from './adk-events.js';

/** Options of {@link sseStream}. */
export interface SseStreamOptions {
  steps: readonly StreamStep[];
  /** Real ms to wait before each event (the agent's pace). */
  delayMs: () => number;
  /** Real ms between `: ping` comments while a tool works; 0 sends none (as ADK itself). */
  keepAliveMs: number;
  /** Real ms each tool works. */
  workMs: number;
  /** Lands the turn's outcome in the session; called once, whatever becomes of the stream. */
  settle: (outcome: TurnOutcome) => void;
  /**
   * A transport fault to play on the stream (stall, heartbeats only, reset, malformed).
   * @default undefined (no fault)
   */
  fault?: StreamFault | undefined;
}

const encoder = new TextEncoder();
const PING = encoder.encode(': ping\n\n');

/** One ADK frame: a `data:` line and a blank line; no `event:` or `id:` fields. */
export const frame = (event: AdkEvent): Uint8Array => encoder.encode(`data: ${JSON.stringify(event)}\n\n`);

/** A frame whose JSON is cut in the middle, as a broken proxy might deliver it. */
const brokenFrame = (event: AdkEvent): Uint8Array => {
  const json = JSON.stringify(event);
  return encoder.encode(`data: ${json.slice(0, Math.ceil(json.length / 2))}\n\n`);
};

/** What a reset connection looks like to a fetch body reader (undici's wording). */
const resetError = () => Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });

/**
 * The body of a /run_sse response: plays the steps with real-time pacing, keep-alives during tool work and
 * the stream fault if any. Cancelling the body (the client closing the connection) stops it; the turn is
 * still committed, because closing a connection never stops the agent's run.
 */
export function sseStream({ steps, delayMs, keepAliveMs, workMs, settle, fault }: SseStreamOptions): ReadableStream<Uint8Array> {
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, Math.max(0, ms));
    });
  let settled = false;
  // A cut connection never stops the run: whatever the stream's fate, the turn lands (once).
  const settleOnce = (outcome: TurnOutcome = 'done') => {
    if (!settled) (settled = true), settle(outcome);
  };

  async function play(out: ReadableStreamDefaultController<Uint8Array>) {
    if (fault?.kind === 'stalled-stream' || fault?.kind === 'heartbeats-only') {
      settleOnce(); // the run goes on behind the gateway; only its events are lost
      while (fault.kind === 'heartbeats-only' && !cancelled) {
        out.enqueue(PING);
        await sleep(keepAliveMs > 0 ? keepAliveMs : 10);
      }
      return; // a stalled stream stays open, silent, until the client cancels it
    }
    const cutAt = fault?.kind === 'reset-stream' ? (fault.afterEvents ?? 2) : undefined;
    const breakAt = fault?.kind === 'malformed-json' ? (fault.afterEvents ?? 1) : undefined;
    let sent = 0;
    for (const step of steps) {
      if (cancelled) return;
      if ('commit' in step) {
        settleOnce(step.commit);
        continue;
      }
      if ('end' in step) break;
      if ('work' in step) {
        for (let left = workMs; left > 0 && !cancelled; left -= keepAliveMs || left) {
          if (keepAliveMs > 0) out.enqueue(PING);
          await sleep(keepAliveMs > 0 ? Math.min(keepAliveMs, left) : left);
        }
        continue;
      }
      await sleep(delayMs());
      if (cancelled) return;
      if (sent === cutAt) return reset(out);
      out.enqueue(sent === breakAt ? brokenFrame(step.event) : frame(step.event));
      sent += 1;
    }
    if (cancelled) return;
    if (cutAt !== undefined) return reset(out); // fewer events than afterEvents: cut at the end instead
    settleOnce();
    out.close();
  }

  function reset(out: ReadableStreamDefaultController<Uint8Array>) {
    settleOnce();
    out.error(resetError());
  }

  return new ReadableStream<Uint8Array>({
    start(out) {
      play(out).catch((error: unknown) => {
        try {
          if (!cancelled) out.error(error);
        } catch {
          // the stream had already ended: nobody is left to tell
        }
      });
    },
    cancel() {
      cancelled = true;
      clearTimeout(timer);
      wake?.();
      settleOnce();
    },
  });
}
