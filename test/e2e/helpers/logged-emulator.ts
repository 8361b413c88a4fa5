/**
 * The emulator over HTTP with a log of what each request was about: the session it names, and the chat's
 * message or the render's id (test/helpers/session-log.ts). The emulator's own log has no bodies; tests of
 * work spread over child processes (whose `fetch` they cannot wrap) read this one instead.
 */
import { createEmulator, tinyRenderer, type Emulator, type EmulatorOptions } from '../../../src/testing/index.js';
import { serve } from '../../../src/testing/server/serve.js';
import { sessionLog, type Sent } from '../../helpers/session-log.js';

/** One request as the emulator got it. */
export type LoggedRequest = Sent;

/** A running logged emulator. */
export interface LoggedEmulator {
  url: string;
  emulator: Emulator;
  /** Every request, oldest first. */
  log: LoggedRequest[];
  /** Sessions created (answered 200), in order. */
  sessions(): string[];
  /** Messages the chat took in a session (answered 200: a refused one never ran), in order. */
  chats(sessionId: string): string[];
  /** Render ids submitted, for one session or all (any answer), in order. */
  renders(sessionId?: string): string[];
  close(): Promise<void>;
}

/** Starts the emulator (tiny renders) on 127.0.0.1, on a free port. */
export async function startLoggedEmulator(options: EmulatorOptions = {}): Promise<LoggedEmulator> {
  const emulator = createEmulator({ renderer: tinyRenderer, ...options });
  const tracked = sessionLog(emulator);
  const server = await serve(tracked.handle);
  return {
    url: server.url,
    emulator,
    log: tracked.sent,
    sessions: () => tracked.sessions(),
    chats: (sessionId) => tracked.chats(sessionId),
    renders: (sessionId) => tracked.renders(sessionId),
    close: () => server.close(),
  };
}
