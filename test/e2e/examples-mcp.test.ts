/**
 * examples/mcp-server as an MCP host runs it: a child process speaking the Model Context Protocol over
 * stdio, started by the MCP SDK's own client, with NEMO_BASE_URL pointing at the emulator server. Needs the
 * example's dependency installed (the root `npm ci` does it: it is an npm workspace) and the built package.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/testing/server/index.js';
import { callsTo, PATHS, useEmulatorServer } from './helpers/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER = join(ROOT, 'examples/mcp-server/server.mjs');

const server = useEmulatorServer({ render: 'tiny', renderMs: 300, credits: 1_000, silentEditRate: 0 });

let work: string;
let client: Client;
let stderr = '';
const clients: Client[] = [];

/** Starts the server as an MCP host would (a child process on stdio) and connects a client to it. */
async function connect(env: Record<string, string> = {}, log?: (text: string) => void): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER],
    cwd: work,
    // The host's environment is not passed on (the SDK passes only a safe few variables): the server gets
    // these, with its credentials file in a temporary config directory.
    env: { NEMO_BASE_URL: server.url, NEMO_POLL_INTERVAL_MS: '100', XDG_CONFIG_HOME: join(work, 'config'), ...env },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => log?.(chunk.toString()));
  const connected = new Client({ name: 'nemo-video-e2e', version: '0.0.0' });
  await connected.connect(transport);
  clients.push(connected);
  return connected;
}

/** The text of a tool's result, and whether it is an error. */
async function call(name: string, args: Record<string, unknown> = {}, via = client): Promise<{ text: string; isError: boolean }> {
  const result = await via.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text?: string }>;
  expect(content.every((part) => part.type === 'text')).toBe(true);
  return { text: content.map((part) => part.text).join('\n'), isError: result.isError === true };
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('The MCP example imports the built package: run `npm run build` first.');
  work = await mkdtemp(join(tmpdir(), 'nemo-examples-mcp-'));
  client = await connect({}, (text) => (stderr += text));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('examples/mcp-server over stdio', () => {
  it('says who it is on stderr, never on stdout (the protocol channel)', async () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'nemo-video' });
    await expect.poll(() => stderr).toContain(`MCP server`);
    expect(stderr).toContain(`(API: ${server.url})`);
  });

  it('lists the five workflow tools with their input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['generate', 'edit', 'status', 'export', 'credits']);
    const generate = tools.find((t) => t.name === 'generate')!;
    expect(generate.inputSchema.required).toEqual(['script']);
    expect(generate.inputSchema.properties).toMatchObject({
      script: { type: 'string' },
      seconds: { type: 'integer' },
      aspect: { enum: ['16:9', '9:16', '1:1'] },
    });
    expect(tools.find((t) => t.name === 'edit')!.inputSchema.required).toEqual(['instruction']);
  });

  it('status before anything was made: a tool error that says what to do', async () => {
    expect(await call('status')).toEqual({ isError: true, text: 'There is no video yet: call `generate` with a script first.' });
  });

  it('generate, then status: the agent’s words and the timeline, no tool internals or JSON', async () => {
    const generated = await call('generate', { script: '"Harbor Lights". Boats sway at night. A bell rings twice.', seconds: 8, aspect: '9:16' });
    expect(generated.isError).toBe(false);
    expect(generated.text).toMatch(/^Generating an 8-second 9:16 video from your script: 2 scenes with captions\.\n/);
    expect(generated.text).not.toContain('generate_video_with_seedance');
    expect(generated.text).not.toMatch(/[{}]/);

    const status = await call('status');
    expect(status.isError).toBe(false);
    expect(status.text).toMatch(/^Timeline \(4 tracks\): 1\. Video: .* \(0-8s\) 2\. BGM: Ambient \(0-8s, 35%\) 3\. Title: "Harbor Lights" \(0-3s\) 4\. Captions: .*\(0-8s\)$/);
    expect(generated.text.split('\n')).toContain(status.text); // generate ends with the same timeline

    // The server made the video in the shape asked for, on the emulator it was pointed at.
    const sessionId = server.emulator.requests.find((r) => r.path.startsWith('/api/state/'))!.path.split('/')[5]!;
    expect(server.emulator.draftOf(sessionId)).toMatchObject({ d: 8_000, m: { aspect: '9:16', width: 1080, height: 1920 } });
    expect(callsTo(server.emulator, PATHS.chat)).toHaveLength(1);
  });

  it('edit, credits and export (saving the MP4) on the same project', async () => {
    const edited = await call('edit', { instruction: 'add lo-fi background music' });
    expect(edited.isError).toBe(false);
    expect(edited.text).toContain('BGM: Lo-fi (0-8s, 35%)');

    const credits = await call('credits');
    expect(credits).toEqual({ isError: false, text: expect.stringMatching(/\b850 credits\b/) });

    const progress: number[] = [];
    const result = await client.callTool({ name: 'export', arguments: { path: 'video.mp4' } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    const text = (result.content as Array<{ text: string }>)[0]!.text;
    expect(text).toMatch(new RegExp(`${server.url}/files/\\S+\\.mp4\\nSaved to video\\.mp4 \\(\\d+ KB\\)\\.$`));
    expect(progress.at(-1)).toBe(100);
    const mp4 = await readFile(join(work, 'video.mp4'));
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
  });

  it('a stream cut after the agent started, whose edit then shows on the timeline: a note, not a tool error', async () => {
    server.emulator.faults.inject({ kind: 'reset-stream', afterEvents: 1 });
    const edited = await call('edit', { instruction: 'add jazz background music' });
    expect(edited.text).toMatch(/connection dropped/i);
    expect(edited.text).toMatch(/^Updated: BGM .* → Jazz$/m);
    expect(edited.isError).toBe(false);
  });

  it('out of credits: a tool error with the registration link, not a protocol failure', async () => {
    // A second emulator whose new anonymous users get 50 credits; a generate costs 100.
    const poorServer = await startEmulator({ host: '127.0.0.1', render: 'tiny', credits: 50 });
    try {
      const poor = await connect({ NEMO_BASE_URL: poorServer.url, XDG_CONFIG_HOME: join(work, 'poor-config') });
      const result = await call('generate', { script: 'A quiet street.' }, poor);
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/out of credits/i);
      expect(result.text).toMatch(/https:\/\/nemovideo\.com\/register\?bind=anon_\w+/);
      expect(callsTo(poorServer.emulator, PATHS.chat)).toHaveLength(1); // tried once, not again
    } finally {
      await poorServer.close();
    }
  });
});
