#!/usr/bin/env node
// The NemoVideo workflow as tools of a Model Context Protocol server over stdio, so an AI assistant
// (Claude Desktop, an IDE agent, any MCP client) can make and edit videos:
//
//   generate(script, seconds?, aspect?)  a new video from a script
//   edit(instruction)                    change the current video ("add lo-fi BGM", "make it 15 seconds")
//   status()                             the current timeline, in one line per track
//   export(path?)                        render it; returns the MP4's URL, and saves it when `path` is given
//   credits()                            the account's balance
//
// One video project (a session) at a time: `generate` starts a new one, the other tools work on it.
// Environment: NEMO_TOKEN (else a free anonymous token, kept in ~/.config/nemo-video/ so credits carry over
// between runs), NEMO_BASE_URL (e.g. an emulator from `npx nemo-video emulator`), NEMO_POLL_INTERVAL_MS
// (how often a render is checked: 30 s by default, as the service asks; an emulator can take 250).
//
// stdout carries the protocol: anything meant for a person goes to stderr.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { InsufficientCreditsError, NemoVideo, NemoVideoError, SessionNotFoundError, summarizeTimeline, VERSION } from 'nemo-video';
import { downloadToFile, fileTokenStore } from 'nemo-video/node';
import * as z from 'zod';

// The same credentials file as the `nemo-video` CLI: an anonymous token and its credits outlive a restart.
const nv = new NemoVideo({ tokenStore: fileTokenStore() });
const pollInterval = Number(process.env.NEMO_POLL_INTERVAL_MS) || undefined;

/** The current project's session id; set by `generate`. */
let sessionId;

const server = new McpServer({ name: 'nemo-video', version: VERSION });

server.registerTool(
  'generate',
  {
    title: 'Generate a video',
    description: 'Turn a script into a new video project (one scene per sentence, with captions and music). Costs credits. Replaces the current project.',
    inputSchema: {
      script: z.string().min(1).describe('The script: what the video shows and says.'),
      seconds: z.number().int().min(3).max(600).optional().describe('Length in seconds. Default: the agent chooses.'),
      aspect: z.enum(['16:9', '9:16', '1:1']).optional().describe('16:9 landscape, 9:16 vertical, 1:1 square. Default 16:9.'),
    },
  },
  tool(async ({ script, seconds, aspect }) => {
    const session = await nv.sessions.create();
    sessionId = session.id;
    // The agent reads plain language: the sentence a person would type in the web app. The shape goes in
    // words, not "9:16", so that the only colon is the one before the script.
    const shape = { '16:9': 'landscape ', '9:16': 'vertical ', '1:1': 'square ' }[aspect] ?? '';
    const length = seconds ? ` of ${seconds} seconds` : '';
    const reply = await turn(`generate a ${shape}video${length} from this script: ${script}`);
    return `${reply}\n\n${await timeline()}`;
  }),
);

server.registerTool(
  'edit',
  {
    title: 'Edit the video',
    description: 'Change the current video in plain words: "add lo-fi background music", "make it 15 seconds", "change the title to Night Shift", "make it vertical".',
    inputSchema: { instruction: z.string().min(1).describe('What to change.') },
  },
  tool(async ({ instruction }) => `${await turn(instruction, requireSession())}\n\n${await timeline()}`),
);

server.registerTool(
  'status',
  {
    title: 'Show the timeline',
    description: 'The current video project: its tracks and what is on each.',
    annotations: { readOnlyHint: true },
  },
  tool(async () => timeline()),
);

server.registerTool(
  'export',
  {
    title: 'Export the MP4',
    description: 'Render the current video to an MP4 and return its download URL (about 30 to 90 seconds). With `path`, also save it there.',
    inputSchema: { path: z.string().optional().describe('Where to save the MP4 on this machine, e.g. ./video.mp4.') },
  },
  tool(async ({ path }, extra) => {
    const { url } = await nv.export(requireSession(), {
      interval: pollInterval,
      signal: extra.signal, // the client cancelled the call: stop waiting
      onProgress: ({ progress }) => reportProgress(extra, progress),
    });
    if (!path) return `Exported: ${url}`;
    const saved = await downloadToFile(nv, url, path, { signal: extra.signal });
    return `Exported: ${url}\nSaved to ${saved.path} (${(saved.bytes / 1024).toFixed(0)} KB).`;
  }),
);

server.registerTool(
  'credits',
  { title: 'Credit balance', description: 'How many credits the account has left.', annotations: { readOnlyHint: true } },
  tool(async () => {
    const { available, frozen, total } = await nv.credits.balance();
    return `${available} credits available (${frozen} held by running jobs, ${total} in total).`;
  }),
);

/** One chat turn: the agent's words, without its tool calls (internal work, not for the user). */
async function turn(message, session = sessionId) {
  const said = [];
  let hadError;
  for await (const event of nv.chat.stream(session, message)) {
    if (event.type === 'text' && !event.partial) said.push(event.text);
    if (event.type === 'error' && event.terminal) hadError = event.message;
  }
  if (hadError) throw new NemoVideoError(hadError);
  // A turn that only edits may end without a word: the timeline below says what changed.
  return said.join('\n') || 'Done (the agent made the change without a reply).';
}

async function timeline() {
  const { draft } = await nv.state.get(requireSession());
  return draft ? summarizeTimeline(draft) : 'The timeline is empty.';
}

function requireSession() {
  if (!sessionId) throw new NemoVideoError('There is no video yet: call `generate` with a script first.');
  return sessionId;
}

/** MCP progress notifications, when the client asked for them (it sent a progressToken). */
function reportProgress(extra, progress) {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return;
  extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: 100, message: `Rendering ${progress}%` } }).catch(() => {});
}

/**
 * Wraps a tool body: its text becomes the tool's result, and an SDK error becomes a tool error with a
 * message the model can act on (an error result, not a protocol failure, so the model sees it).
 */
function tool(body) {
  return async (args, extra) => {
    try {
      return { content: [{ type: 'text', text: await body(args, extra) }] };
    } catch (error) {
      if (error instanceof SessionNotFoundError) sessionId = undefined; // expired: the next generate starts afresh
      return { isError: true, content: [{ type: 'text', text: explain(error) }] };
    }
  };
}

function explain(error) {
  if (error instanceof InsufficientCreditsError) {
    return `Out of credits.${error.registrationUrl ? ` Register for more at ${error.registrationUrl}` : ''}`;
  }
  if (error instanceof SessionNotFoundError) return 'The video project has expired: call `generate` to start a new one.';
  if (error instanceof NemoVideoError) return error.message;
  console.error(error); // a bug, not a service failure: the stack goes to stderr, where the host logs it
  return `Unexpected error: ${error?.message ?? error}`;
}

await server.connect(new StdioServerTransport());
console.error(`nemo-video MCP server ${VERSION} on stdio (API: ${nv.baseURL})`);
