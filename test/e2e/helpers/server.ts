/**
 * The emulator's HTTP server for one test file: started on 127.0.0.1 in `beforeAll`, closed in `afterAll`.
 * Every request the SDK makes in these tests crosses a real socket.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { NemoVideo, type ClientOptions } from '../../../src/index.js';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../../src/testing/server/index.js';
import type { Emulator } from '../../../src/testing/index.js';

/** The running server of the file, read after `beforeAll` has run. */
export interface ServerHandle {
  readonly url: string;
  readonly emulator: Emulator;
  /** A client pointed at the server; anonymous (its own token, acquired on its first call) unless `token` is given. */
  client(options?: ClientOptions): NemoVideo;
}

/**
 * Starts an emulator server for the calling test file. Faults left over from a failed test are cleared
 * after each test, so one failure cannot cascade.
 */
export function useEmulatorServer(options: StartEmulatorOptions = {}): ServerHandle {
  let server: RunningEmulator | undefined;
  beforeAll(async () => {
    server = await startEmulator({ host: '127.0.0.1', port: 0, ...options });
  });
  afterEach(() => server?.emulator.faults.clear());
  afterAll(async () => {
    await server?.close();
  });
  const running = () => {
    if (!server) throw new Error('The emulator server is not running: use it inside a test or a hook.');
    return server;
  };
  return {
    get url() {
      return running().url;
    },
    get emulator() {
      return running().emulator;
    },
    client: (more = {}) => new NemoVideo({ baseURL: running().url, ...more }),
  };
}

export { callsTo } from '../../helpers/emulator-log.js';

/** The API paths the SDK calls, as the emulator logs them. */
export const PATHS = {
  anonymousToken: '/api/auth/anonymous-token',
  credits: '/api/credits/balance/simple',
  createSession: '/api/tasks/me/with-session/nemo_agent',
  chat: '/run_sse',
  renders: '/api/render/proxy/lambda',
  state: (sessionId: string) => `/api/state/nemo_agent/me/${sessionId}/latest`,
} as const;
