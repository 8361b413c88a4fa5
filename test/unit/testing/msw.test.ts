import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { NemoVideo, SessionNotFoundError } from '../../../src/index.js';
import { createEmulator, manualClock } from '../../../src/testing/index.js';
import { emulatorHandlers } from '../../../src/testing/msw.js';
import { SCRIPT } from '../helpers/emulator.js';
import { BASE, server } from '../helpers/server.js';

describe('emulatorHandlers: the emulator behind msw', () => {
  test('the SDK with its default fetch: session → chat → export → download, all intercepted', async () => {
    const clock = manualClock();
    const emulator = createEmulator({ clock });
    server.use(...emulatorHandlers(emulator, BASE));
    const nv = new NemoVideo({ baseURL: BASE });
    const session = await nv.sessions.create();
    const answer = await nv.chat.stream(session.id, `generate a 30-second video from this script: ${SCRIPT}`).finalText();
    expect(answer).toContain('is ready');
    const { url } = await nv.export(session.id, { interval: 1, onProgress: () => clock.advance(1_000) });
    expect(url.startsWith(`${BASE}/files/`)).toBe(true);
    const bytes = new Uint8Array(await new Response(await nv.download(url)).arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('ftyp');
    emulator.faults.inject({ kind: 'lost-session' });
    await expect(nv.state.get(session.id)).rejects.toBeInstanceOf(SessionNotFoundError);
  });
});

describe('the testing entry stays isomorphic', () => {
  const root = join(import.meta.dirname, '../../../src/testing');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : name.endsWith('.ts') ? [join(dir, name)] : []));
  // src/testing/server is the Node-only part (nemo-video/testing/server): its HTTP server and renderer.
  const isomorphic = files(root).filter((file) => !file.startsWith(join(root, 'server')));

  test('no Node built-ins anywhere in src/testing but its server, and msw only in msw.ts', () => {
    expect(isomorphic.length).toBeGreaterThan(20);
    for (const file of isomorphic) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/from\s+['"](node:[\w/]+|fs|path|os|crypto|stream|buffer|http|https|url|util)['"/]/);
      expect(source, file).not.toMatch(/\b(process|Buffer|__dirname|require)\b[.(]/);
      if (!file.endsWith('msw.ts')) expect(source, file).not.toMatch(/from\s+['"]msw/);
    }
  });
});
