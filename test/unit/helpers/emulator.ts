import { skillHeaders } from '../../../src/core/skill-headers.js';
import { NemoVideo, type ClientOptions } from '../../../src/index.js';
import { createEmulator, manualClock, type Emulator, type EmulatorOptions, type ManualClock } from '../../../src/testing/index.js';

/** The base URL emulator tests point the SDK at; requests go to the emulator through `fetch`, not msw. */
export const EMULATOR_URL = 'https://emulator.test';

/** An emulator on a manual clock, and a real SDK client wired to it through the client's `fetch` option. */
export interface Emulated {
  emulator: Emulator;
  clock: ManualClock;
  nv: NemoVideo;
  /** Another client on the same emulator (its own token store, so its own anonymous user unless `clientId` says otherwise). */
  client(options?: ClientOptions): NemoVideo;
}

export function emulated(options: EmulatorOptions = {}, clientOptions: ClientOptions = {}): Emulated {
  const clock = manualClock();
  const emulator = createEmulator({ clock, ...options });
  const client = (more: ClientOptions = {}) =>
    new NemoVideo({ baseURL: EMULATOR_URL, fetch: (input, init) => emulator.handle(new Request(input, init)), ...clientOptions, ...more });
  return { emulator, clock, nv: client(), client };
}

export { callsTo, SCRIPT } from '../../helpers/emulator-log.js';

/** Options of {@link raw}. */
export interface RawInit {
  method?: string;
  token?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Leave out the X-Skill-* attribution headers (by default the ones the SDK sends). */
  noSkill?: boolean;
}

/** A request straight to the emulator, below the SDK, to check the wire form itself. */
export function raw(emulator: Emulator, path: string, { method, token, json, body, headers = {}, noSkill }: RawInit = {}): Promise<Response> {
  const all: Record<string, string> = { ...(!noSkill && skillHeaders()), ...(token && { Authorization: `Bearer ${token}` }), ...headers };
  if (json !== undefined) all['Content-Type'] = 'application/json';
  return emulator.handle(
    new Request(`${EMULATOR_URL}${path}`, { method: method ?? (json !== undefined || body ? 'POST' : 'GET'), headers: all, body: json !== undefined ? JSON.stringify(json) : body }),
  );
}

/** A token and a session made over the wire; returns both. */
export async function rawSession(emulator: Emulator, clientId = 'client-1'): Promise<{ token: string; userId: string; sessionId: string }> {
  const grant = await (await raw(emulator, '/api/auth/anonymous-token', { method: 'POST', headers: { 'X-Client-Id': clientId } })).json();
  const token = grant.data.token as string;
  const session = await (await raw(emulator, '/api/tasks/me/with-session/nemo_agent', { token, json: { task_name: 'project', language: 'en' } })).json();
  return { token, userId: grant.data.user_id, sessionId: session.data.session_id };
}

/** The `data:` payloads of an SSE body, parsed, plus the raw text. */
export async function sseFrames(response: Response): Promise<{ text: string; events: Array<Record<string, any>> }> {
  const text = await response.text();
  const events = text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice('data: '.length)));
  return { text, events };
}
