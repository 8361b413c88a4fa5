#!/usr/bin/env node
// The NemoVideo workflow (Studio) as tools of a Model Context Protocol server over stdio, so an AI assistant
// (Claude Desktop, an IDE agent, any MCP client) can make and edit videos:
//
//   generate(script, seconds?, aspect?)  a new video from a script
//   edit(instruction)                    change the current video ("add lo-fi BGM", "make it 15 seconds")
//   status()                             the current timeline, in one line per track
//   export(path?)                        render it; returns the MP4's URL, and saves it when `path` is given
//   credits()                            the account's balance
//
// Studio does the service's workflow: it translates the agent's talk of buttons and panels, follows up an
// edit that ended without a word, starts a new session when one expired, and turns every failure into a
// remedy (what happened, what to do). This file only maps tools to Studio and its updates to tool results.
//
// Environment: NEMO_TOKEN (else a free anonymous token, kept in ~/.config/nemo-video/ so credits carry over
// between runs), NEMO_BASE_URL (e.g. an emulator from `npx nemo-video emulator`), NEMO_POLL_INTERVAL_MS
// (how often a render is checked: 30 s by default, as the service asks; an emulator can take 250).
//
// stdout carries the protocol: anything meant for a person goes to stderr.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { NemoVideo, VERSION } from 'nemo-video';
import { remedyFor, Studio } from 'nemo-video/studio';
import { downloadToFile, fileTokenStore } from 'nemo-video/node';
import * as z from 'zod';

// The same credentials file as the `nemo-video` CLI: an anonymous token and its credits outlive a restart.
const nv = new NemoVideo({ tokenStore: fileTokenStore() });
const timings = { renderInterval: Number(process.env.NEMO_POLL_INTERVAL_MS) || undefined };

/** The current video project; `generate` starts a new one. */
let studio;

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
  async ({ script, seconds, aspect }, extra) => {
    studio = new Studio(nv, { timings });
    // The agent reads plain language: the sentence a person would type. The shape goes in words, not
    // "9:16", so that the only colon is the one before the script.
    const shape = { '16:9': 'landscape ', '9:16': 'vertical ', '1:1': 'square ' }[aspect] ?? '';
    const length = seconds ? ` of ${seconds} seconds` : '';
    return reply(await withTimeline(await run(studio.chat(`generate a ${shape}video${length} from this script: ${script}`, extra), extra), extra));
  },
);

server.registerTool(
  'edit',
  {
    title: 'Edit the video',
    description: 'Change the current video in plain words: "add lo-fi background music", "make it 15 seconds", "change the title to Night Shift", "make it vertical".',
    inputSchema: { instruction: z.string().min(1).describe('What to change.') },
  },
  // chat(), not say(): whatever its words ("export the intro as a title"), an edit goes to the agent.
  async ({ instruction }, extra) => (studio ? reply(await withTimeline(await run(studio.chat(instruction, extra), extra), extra)) : noVideo()),
);

server.registerTool(
  'status',
  { title: 'Show the timeline', description: 'The current video project: its tracks and what is on each.', annotations: { readOnlyHint: true } },
  async (_args, extra) => (studio ? reply(await run(studio.status(extra), extra)) : noVideo()),
);

server.registerTool(
  'export',
  {
    title: 'Export the MP4',
    description: 'Render the current video to an MP4 and return its download URL (about 30 to 90 seconds). With `path`, also save it there.',
    inputSchema: { path: z.string().optional().describe('Where to save the MP4 on this machine, e.g. ./video.mp4.') },
  },
  async ({ path }, extra) => {
    if (!studio) return noVideo();
    const exported = await run(studio.export(extra), extra);
    if (exported.isError || !path || !exported.url) return reply(exported);
    try {
      const saved = await downloadToFile(nv, exported.url, path, { signal: extra.signal });
      return reply({ text: `${exported.text}\nSaved to ${saved.path} (${(saved.bytes / 1024).toFixed(0)} KB).` });
    } catch (error) {
      return reply({ text: `${exported.text}\nThe download failed: ${remedyFor(error).message}`, isError: true });
    }
  },
);

server.registerTool(
  'credits',
  { title: 'Credit balance', description: 'How many credits the account has left.', annotations: { readOnlyHint: true } },
  // A plain API call: no project is needed to read the balance.
  async () => {
    try {
      const { available, frozen } = await nv.credits.balance();
      return reply({ text: `You have ${available} credits${frozen ? ` (${frozen} held by work in progress)` : ''}.` });
    } catch (error) {
      return reply({ text: remedyFor(error).message, isError: true });
    }
  },
);

/**
 * Runs Studio updates to their end: the text is what a person would be shown, line by line; render progress
 * goes out as MCP progress notifications; a remedy (with its links) makes the result a tool error, so the
 * model sees what went wrong and what to do.
 */
async function run(updates, extra) {
  const lines = [];
  let url;
  let summary;
  let isError = false;
  for await (const update of updates) {
    switch (update.type) {
      case 'text':
        lines.push(update.message);
        break;
      case 'timeline':
        summary = update.summary;
        lines.push(update.message);
        break;
      case 'offer':
        // Studio offers the person their next step; here the next step is a tool.
        lines.push(update.action === 'export' ? 'Call `export` to render the MP4.' : update.message);
        break;
      case 'result':
        if (update.kind === 'export') url = update.url;
        lines.push(update.message);
        break;
      case 'progress':
        progress(extra, update);
        break;
      case 'remedy':
        // A recovering remedy (a cut stream, then the timeline it left) is a note; any other fails the tool call.
        if (!update.recovering) isError = true;
        lines.push([update.message, ...update.links.map((link) => `${link.label}: ${link.url}`)].join('\n'));
        break;
      // status, session, still_working: what Studio is doing right now, for a live display, not a result.
    }
  }
  return { text: lines.join('\n'), isError, url, summary };
}

/** After generate or edit: the result ends with the timeline, read from the service unless the turn showed it. */
async function withTimeline(result, extra) {
  if (result.isError || result.summary) return result;
  const status = await run(studio.status(extra), extra);
  return { text: `${result.text}\n\n${status.text}`, isError: status.isError };
}

function progress(extra, { percent, message }) {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return; // the client did not ask for progress
  extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: percent, total: 100, message } }).catch(() => {});
}

/** An MCP tool result. A tool error is still a result (not a protocol error): the model reads it. */
const reply = ({ text, isError }) => ({ content: [{ type: 'text', text }], ...(isError && { isError: true }) });
const noVideo = () => reply({ text: 'There is no video yet: call `generate` with a script first.', isError: true });

await server.connect(new StdioServerTransport());
console.error(`nemo-video MCP server ${VERSION} on stdio (API: ${nv.baseURL})`);
