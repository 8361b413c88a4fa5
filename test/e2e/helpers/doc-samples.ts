/**
 * The code samples of README.md and docs/*.md, found and turned into runnable modules.
 *
 * The convention: every ```ts / ```js (or typescript, javascript) block runs, unless the line right before it
 * is `<!-- not-run: why -->`. A sample is a fragment of its guide, so it runs after a prelude that gives it
 * what the guide's prose has already set up, and nothing else (see {@link SAMPLE_CONTEXT}); everything else it
 * uses it must define itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';

/** One fenced block of a Markdown file. */
export interface DocSample {
  /** `docs/x.md:LINE`, the line of the opening fence. */
  readonly where: string;
  readonly code: string;
  /** The reason given in `<!-- not-run: reason -->`, when the block is excluded. */
  readonly notRun?: string;
}

const FENCE = /^(\s*)```(ts|js|typescript|javascript)\s*$/;
const NOT_RUN = /^\s*<!--\s*not-run:\s*(.*?)\s*-->\s*$/;

/** Every ts/js block of README.md and docs/*.md under `root`. */
export function docSamples(root: string): DocSample[] {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  return files.flatMap((file) => samplesOf(file, readFileSync(join(root, file), 'utf8')));
}

function samplesOf(file: string, text: string): DocSample[] {
  const lines = text.split('\n');
  const samples: DocSample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let end = i + 1;
    for (; end < lines.length && !/^\s*```\s*$/.test(lines[end]!); end++) body.push(lines[end]!.slice(indent));
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const notRun = before >= 0 ? NOT_RUN.exec(lines[before]!)?.[1] : undefined;
    samples.push({ where: `${file}:${i + 1}`, code: body.join('\n'), ...(notRun !== undefined && { notRun }) });
    i = end;
  }
  return samples;
}

/**
 * What a sample may take as given, as its guide sets it up in prose: `nv` (a client), `session` (a session
 * whose video was generated), `url` and `renderId` (its export), `job` (that render), `studio` (a Studio on
 * the session), `text` (a message), `file` (an MP4 as a Blob) and `show` (your UI: prints its argument).
 * The harness passes their values in `NEMO_SAMPLE_CONTEXT`.
 */
export const SAMPLE_CONTEXT = ['nv', 'session', 'url', 'renderId', 'job', 'studio', 'text', 'file', 'show'] as const;

const PRELUDE = `
const __context = JSON.parse(process.env.NEMO_SAMPLE_CONTEXT);
const { NemoVideo: __NemoVideo } = await import('nemo-video');
const { Studio: __Studio } = await import('nemo-video/studio');
const nv = new __NemoVideo({ token: __context.token });
const session = __context.session;
const url = __context.url;
const renderId = __context.renderId;
const job = await nv.renders.retrieve(renderId);
const studio = new __Studio(nv, { sessionId: session.id });
const text = 'what is on the timeline?';
const file = new Blob([await (await fetch(url)).arrayBuffer()], { type: 'video/mp4' });
const show = (what) => console.log(typeof what === 'string' ? what : JSON.stringify(what));
`;

// An import statement, one or several lines, from its first line to its module specifier.
const IMPORT = /^import\s[^;'"]*?(?:from\s*)?['"][^'"]+['"];?[ \t]*(?:\/\/.*)?$/gm;

/**
 * The sample as an ES module: its imports first, then the prelude, then its body in a block of its own, so
 * its own `const nv` (say) shadows the prelude's instead of clashing with it.
 */
export async function sampleModule(sample: DocSample): Promise<string> {
  const imports = sample.code.match(IMPORT) ?? [];
  const body = sample.code.replace(IMPORT, '');
  const source = `${imports.join('\n')}\n${PRELUDE}\n{\n${body}\n}\nexport {};\n`;
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: sample.where });
  return code;
}
