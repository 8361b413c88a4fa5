/** What tests read off an emulator's request log, and the script they send it. Shared by every suite. */
import type { Emulator, RequestRecord } from '../../src/testing/index.js';

/** A script of four sentences, as in the spec's "generate a 30-second video from this script" example. */
export const SCRIPT = 'Cities never sleep. Lights flicker across the skyline. People rush to catch the last train. Morning comes again.';

/** The requests the emulator answered on exactly `path` since `since` (an index into the log), optionally of one method. */
export function callsTo(emulator: Emulator, path: string, { method, since = 0 }: { method?: string; since?: number } = {}): RequestRecord[] {
  return emulator.requests.slice(since).filter((r) => r.path === path && (!method || r.method === method));
}
