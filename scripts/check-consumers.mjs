// Installs the packed package into a throwaway project, as a user would, and checks that every kind of
// consumer can load every entry point in package.json `exports`: ESM import, CommonJS require (with and
// without Node's require(esm)), and TypeScript type-checking: a browser app (`lib: dom`, no @types/node) from a
// CommonJS `.cts` file and an ESM `.mts` file (`module: node16`), and Node apps without the DOM lib (`lib:
// es2022` with @types/node) under nodenext, node16 (`.cts`) and node10 + commonjs without esModuleInterop,
// every one strict with `skipLibCheck: false`. Also checks that no ky or zod type and no DOM-only lib type leaks
// into the published declarations (a ky type gives a CommonJS TypeScript user TS1479; a DOM-only one breaks every
// project without the DOM lib). Run after `npm run build`; one pack, one install, the tsc runs two at a time.
// NEMO_KEEP_TMP=1 keeps the temp directory for a look after a failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = Date.now();
let failures = 0;

/** Prints one line for a check; a failing check prints its reason indented under it. */
function report(name, problem, detail = '') {
  if (problem) {
    failures++;
    console.log(`FAIL ${name}`);
    console.log(String(problem).trim().replace(/^/gm, '     '));
  } else {
    console.log(`ok   ${name}${detail ? ` (${detail})` : ''}`);
  }
}

/** Runs a command; returns its stdout, or throws with its output when it fails. */
function run(command, args, cwd, timeout = 120_000) {
  const env = { ...process.env, NPM_CONFIG_LOGLEVEL: 'error', NPM_CONFIG_UPDATE_NOTIFIER: 'false' };
  // A token or base URL in the caller's environment must not change what the checks see.
  delete env.NEMO_TOKEN;
  delete env.NEMO_BASE_URL;
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout, shell: process.platform === 'win32' });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.slice(0, 3).join(' ')} exited with ${result.status}:\n${(result.stderr + result.stdout).trim()}`);
  }
  return result.stdout.trim();
}

/** Runs a command without blocking; resolves with its exit status and its stdout and stderr together. */
function runAsync(command, args, cwd, timeout = 120_000) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NPM_CONFIG_LOGLEVEL: 'error' }, shell: process.platform === 'win32' });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill(), timeout);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** The entry points: `.` and every subpath but `./package.json`, with the files each condition picks. */
const entries = Object.entries(pkg.exports ?? {})
  .filter(([subpath]) => subpath !== './package.json')
  .map(([subpath, target]) => ({
    specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
    esm: target?.import?.default,
    esmTypes: target?.import?.types,
    cjs: target?.require?.default,
    cjsTypes: target?.require?.types,
    // msw 2 is ESM underneath (its `rettime` dependency): it cannot be required without require(esm), nor
    // typed from a CommonJS TypeScript file. Entries built on it are held to what msw itself allows.
    needsMsw: subpath.endsWith('/msw'),
  }));
const withoutMsw = entries.filter((e) => !e.needsMsw);
const strip = (file) => file?.replace(/^\.\//, '');

// --- the build must be there ----------------------------------------------------------------------------------
const shapeless = entries.filter((e) => !e.esm || !e.esmTypes || !e.cjs || !e.cjsTypes).map((e) => e.specifier);
if (!entries.length || shapeless.length) {
  console.log(`FAIL exports map: every entry needs import.{types,default} and require.{types,default}; check ${shapeless.join(', ') || 'package.json'}.`);
  process.exit(1);
}
const missing = entries.flatMap((e) => [e.esm, e.esmTypes, e.cjs, e.cjsTypes]).filter((f) => !existsSync(join(root, f)));
if (missing.length) {
  console.log(`FAIL build present: ${missing.map(strip).join(', ')} missing; run \`npm run build\` first.`);
  process.exit(1);
}
if (!existsSync(tsc)) {
  console.log('FAIL typescript present: node_modules/typescript is missing; run `npm ci` first.');
  process.exit(1);
}

// --- (e) no ky, zod or DOM-only type in any declaration file (entries and their shared chunks): cheap, so first -
// The DOM-only names: types lib.dom declares and neither lib es2022 nor @types/node 20 does, of the kinds an HTTP,
// file and stream SDK is tempted to write (a Node project without the DOM lib cannot resolve them). Blob, File,
// ReadableStream, Request, Response, Headers, RequestInit, AbortSignal and fetch are fine: @types/node has them.
const DOM_ONLY = [
  'BodyInit', 'HeadersInit', 'RequestInfo', 'XMLHttpRequestBodyInit', 'BufferSource', 'AllowSharedBufferSource',
  'BlobPart', 'BlobPropertyBag', 'FilePropertyBag', 'FileList', 'ReadableStreamReadResult', 'ReadableStreamReader',
  'RequestCredentials', 'RequestMode', 'RequestRedirect', 'RequestCache', 'RequestPriority', 'ReferrerPolicy',
  'ResponseType', 'XMLHttpRequest', 'ProgressEvent', 'DOMHighResTimeStamp', 'Storage', 'Crypto', 'Window', 'Document',
  'Navigator', 'Location', 'HTMLElement',
];
{
  const declarations = readdirSync(join(root, 'dist')).filter((f) => /\.d\.[cm]?ts$/.test(f)).sort();
  const leaks = [];
  const imported = new Set();
  const domOnly = new RegExp(`(?<![\\w$.])(${DOM_ONLY.join('|')})(?![\\w$])`, 'g');
  for (const file of declarations) {
    const text = readFileSync(join(root, 'dist', file), 'utf8');
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)['"]([^'"]+)['"]/gm)) {
      if (!specifier.startsWith('.')) imported.add(specifier);
      if (/^ky(\/|$)/.test(specifier)) leaks.push(`dist/${file} imports ${specifier}: a ky type breaks CommonJS TypeScript users (TS1479, ky is ESM-only)`);
      if (/^zod(\/|$)/.test(specifier)) leaks.push(`dist/${file} imports ${specifier}: public types are plain interfaces, not zod types`);
    }
    const names = [...new Set([...code.matchAll(domOnly)].map((m) => m[1]))];
    if (names.length) leaks.push(`dist/${file} names ${names.join(', ')}: DOM-only, unknown to a project with lib es2022 and @types/node`);
  }
  report(
    `(e) no ky, zod or DOM-only types in the ${declarations.length} declaration files`,
    leaks.length && `${leaks.join('\n')}\nDeclare the SDK's own type instead (or one that lib es2022 or @types/node has).`,
    `they import only: ${[...imported].sort().join(', ') || 'nothing'}`,
  );
}

const temp = mkdtempSync(join(tmpdir(), 'nemo-video-consumers-'));
try {
  // --- pack and install once; every check below uses this one install -----------------------------------------
  let tarball;
  try {
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', temp], root));
    tarball = join(temp, packed[0].filename);
  } catch (error) {
    report('npm pack', error);
    throw new Error('stop');
  }
  const project = join(temp, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  try {
    // msw as a user of `nemo-video/testing` has it (an optional peer: only that entry needs it), at our pinned version;
    // @types/node at ours too (20.x, the oldest Node we support), for the Node projects without the DOM lib.
    const msw = `msw@${pkg.devDependencies.msw}`;
    const nodeTypes = `@types/node@${pkg.devDependencies['@types/node']}`;
    run('npm', ['install', tarball, msw, nodeTypes, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-package-lock'], project, 300_000);
    report('npm install of the packed tarball', undefined, tarball.split(/[\\/]/).pop());
  } catch (error) {
    report('npm install of the packed tarball', error);
    throw new Error('stop');
  }

  // The same script for ESM and CJS: `load(specifier)` and `where(specifier)` differ, the checks don't.
  // It constructs a client, checks that an error class is one class across entries, and prints where each
  // entry resolved to, which the caller compares with the exports map.
  const body = (load, where, list = entries) => `
    const main = ${load(JSON.stringify(pkg.name))};
    const nv = new main.NemoVideo({ token: 'nmv_check', baseURL: 'http://127.0.0.1:9' });
    if (typeof nv.chat.stream !== 'function' || typeof nv.export !== 'function') throw new Error('the client lacks chat.stream or export');
    let caught;
    try { new main.NemoVideo({ baseURL: 'not a url' }); } catch (error) { caught = error; }
    if (!(caught instanceof main.InvalidArgumentError && caught instanceof main.NemoVideoError)) throw new Error('error classes do not line up: ' + caught);
    const resolved = [];
    for (const specifier of ${JSON.stringify(list.map((e) => e.specifier))}) {
      const entry = specifier === ${JSON.stringify(pkg.name)} ? main : ${load('specifier')};
      if (Object.keys(entry).length === 0) throw new Error(specifier + ' exports nothing');
      // An error thrown by one entry must be an instance of the main entry's class (shared chunks, not copies).
      if (typeof entry.openFile === 'function') {
        const error = await entry.openFile('/nonexistent/nemo-video-check.mp4').catch((e) => e);
        if (!(error instanceof main.InvalidArgumentError)) throw new Error(specifier + ': its InvalidArgumentError is not the one from ' + ${JSON.stringify(pkg.name)});
      }
      resolved.push(${where('specifier')}.replaceAll('\\\\', '/').split('/node_modules/${pkg.name}/').pop());
    }
    console.log(main.VERSION + ' ' + resolved.join(' '));
  `;
  const expect = (kind, list) => list.map((e) => strip(e[kind])).join(' ');
  const verify = (out, kind, list = entries) => {
    const got = out.split(' ').slice(1).join(' ');
    return got === expect(kind, list) ? undefined : `resolved to ${got}, expected ${expect(kind, list)} (from the exports map)`;
  };
  const list = entries.map((e) => e.specifier).join(', ');

  // --- (a) ESM import -------------------------------------------------------------------------------------------
  try {
    const out = run(process.execPath, ['--input-type=module', '-e', body((s) => `await import(${s})`, (s) => `import.meta.resolve(${s})`)], project);
    report(`(a) ESM: import ${list}, construct NemoVideo`, verify(out, 'esm'), out);
  } catch (error) {
    report(`(a) ESM: import ${list}, construct NemoVideo`, error);
  }

  // --- (b) and (c) CommonJS require, with and without require(esm) ---------------------------------------------
  const requireScript = (list) =>
    `(async () => {${body((s) => `require(${s})`, (s) => `require.resolve(${s})`, list)}})().catch((error) => { console.error(error); process.exit(1); });`;
  writeFileSync(join(project, 'require.cjs'), requireScript(entries));
  writeFileSync(join(project, 'require-without-esm.cjs'), requireScript(withoutMsw));
  for (const [name, flags, script, checked] of [
    [`(b) CJS: require ${list}`, [], 'require.cjs', entries],
    [
      `(c) CJS: require ${withoutMsw.map((e) => e.specifier).join(', ')} under --no-experimental-require-module`,
      ['--no-experimental-require-module'],
      'require-without-esm.cjs',
      withoutMsw,
    ],
  ]) {
    try {
      const out = run(process.execPath, [...flags, script], project);
      report(name, verify(out, 'cjs', checked), out);
    } catch (error) {
      const hint = /ERR_REQUIRE_ESM|require\(\) of ES Module/.test(String(error))
        ? '\nThe CJS build requires an ESM-only package: bundle it into the CJS build (tsup noExternal).'
        : '';
      report(name, `${error.message}${hint}`);
    }
  }

  // --- (d) TypeScript in a browser app (lib dom, no @types/node): a CommonJS .cts and an ESM .mts, module node16 -
  const typed = (kind) => `
    import { NemoVideo, NemoVideoError, RateLimitError, StreamError, type ChatEvent, type ClientOptions, type RenderStatus, type Timeline } from '${pkg.name}';
    ${(kind === 'cjs' ? withoutMsw : entries).slice(1).map((e, i) => `import * as entry${i} from '${e.specifier}';\nexport type Entry${i} = typeof entry${i};`).join('\n    ')}

    const options: ClientOptions = { baseURL: 'http://127.0.0.1:9', timeout: 30_000, maxRetries: 1 };
    export const nv = new NemoVideo(options);

    export function show(event: ChatEvent): string {
      switch (event.type) {
        case 'text': return event.partial ? '' : event.text;
        case 'tool_call': return event.name;
        case 'still_working': return String(event.elapsedMs);
        case 'error': return event.message;
        default: return '';
      }
    }

    export async function make(script: string): Promise<string> {
      const session = await nv.sessions.create({ language: 'en' });
      for await (const event of nv.chat.stream(session.id, script)) show(event);
      const state = await nv.state.get(session.id);
      const timeline: Timeline | undefined = state.draft;
      const last: RenderStatus = await nv.renders.retrieve('render_x');
      try {
        return (await nv.export(session.id, { onProgress: (s: RenderStatus) => s.progress })).url + timeline?.tracks.length + last.status;
      } catch (error) {
        if (error instanceof RateLimitError) return String(error.retryAfter);
        if (error instanceof StreamError) return String(error.mayStillRun);
        throw error instanceof NemoVideoError ? error : new Error('${kind}');
      }
    }
  `;
  writeFileSync(join(project, 'consumer.cts'), typed('cjs'));
  writeFileSync(join(project, 'consumer.mts'), typed('esm'));

  // --- (f), (g), (h) TypeScript in Node projects without the DOM lib ---------------------------------------------
  // `lib: es2022` and @types/node: Node's globals (fetch, Request, Response, Blob, File, ReadableStream,
  // AbortSignal) come from @types/node, and nothing from lib.dom. (A project with neither has no fetch, streams
  // or AbortSignal at all, and no fetch-based SDK can be typed there.) One file imports every entry point and uses
  // a few values and types of each.
  const matrix = `
    import { NemoVideo, NemoVideoError, RateLimitError, type ChatEvent, type ClientOptions, type Credits, type RenderStatus, type SessionState, type Timeline, type UploadRequest, type UploadResult, type UploadSource } from '${pkg.name}';
    import { Studio, summarizeTimeline, routeIntent, type StudioUpdate } from '${pkg.name}/studio';
    import { runJobs, memoryJobStore, type JobResult, type JobStore, type VideoJobSpec } from '${pkg.name}/jobs';
    import { fileJobStore, fileTokenStore, nodeJobFiles, openFile } from '${pkg.name}/node';
    import { createEmulator, manualClock, type Emulator } from '${pkg.name}/testing';
    import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '${pkg.name}/testing/server';
    // ${pkg.name}/testing/msw: not here (msw's own types need the DOM lib; see below)

    const emulator: Emulator = createEmulator({ clock: manualClock() });
    const options: ClientOptions = {
      baseURL: 'https://emulator.test',
      fetch: (input, init) => emulator.handle(new Request(input, init)),
      tokenStore: fileTokenStore('/tmp/nemo-video-check.json'),
      maxRetries: 1,
    };
    export const nv = new NemoVideo(options);
    export const studio = new Studio(nv);
    export type Upload = UploadRequest;
    export const bytes: UploadSource = new Uint8Array(8);

    export function show(event: ChatEvent): string {
      return event.type === 'text' ? event.text : event.type === 'error' ? event.message : event.type;
    }

    export async function make(script: string): Promise<string> {
      const session = await nv.sessions.create({ language: 'en' });
      for await (const event of nv.chat.stream(session.id, script)) show(event);
      const state: SessionState = await nv.state.get(session.id);
      const timeline: Timeline | undefined = state.draft;
      const credits: Credits = await nv.credits.balance();
      const file = await openFile('clip.mp4');
      const uploaded: UploadResult = await nv.uploads.fromUrls(session.id, ['https://example.com/clip.mp4']);
      const last: RenderStatus = await nv.renders.retrieve('render_x');
      const updates: StudioUpdate[] = [];
      for await (const update of studio.say('导出')) updates.push(update);
      const specs: VideoJobSpec[] = [{ id: 'a', script, images: ['clip.mp4', bytes instanceof Uint8Array ? { file: bytes, filename: 'b.png' } : 'c.png'], out: 'a.mp4' }];
      const store: JobStore = process.env.CI ? memoryJobStore() : fileJobStore('.jobs');
      const jobs: JobResult[] = await runJobs(nv, specs, { store, files: nodeJobFiles, concurrency: 2, timings: { firstPoll: 5 } });
      const server: RunningEmulator = await startEmulator({ render: 'tiny' } satisfies StartEmulatorOptions);
      await server.close();
      try {
        const { url } = await nv.export(session.id, { onProgress: (s: RenderStatus) => s.progress });
        return [url, summarizeTimeline(timeline), routeIntent(script), credits.total, file.size, uploaded.files[0]?.url, last.status, updates[0]?.message, jobs[0]?.remedy?.message].join(' ');
      } catch (error) {
        if (error instanceof RateLimitError) return String(error.retryAfter);
        throw error instanceof NemoVideoError ? error : new Error(String(error));
      }
    }
  `;
  // `nemo-video/testing/msw` is held to what msw itself allows, as (c) does at run time: msw 2.15's own
  // declarations need the DOM lib (a file importing only msw gets 31 errors in msw, @mswjs/interceptors and
  // rettime under each of (f), (g) and (h): BodyInit, RequestMode, AddEventListenerOptions, MessageEvent<T>...),
  // and do not load from CommonJS. That entry is type-checked by (d), with the DOM lib.
  for (const file of ['matrix.mts', 'matrix.cts', 'matrix.ts']) writeFileSync(join(project, file), matrix);

  // Every configuration is strict, with the package's declarations checked too (skipLibCheck: false).
  const strict = { target: 'es2022', strict: true, noEmit: true, skipLibCheck: false };
  const nodeLib = { lib: ['es2022'], types: ['node'] };
  const both = (e) => (e.needsMsw ? [strip(e.esmTypes)] : [strip(e.cjsTypes), strip(e.esmTypes)]);
  const noMsw = `every entry but ${entries.filter((e) => e.needsMsw).map((e) => e.specifier).join(', ')}`;
  const configs = [
    {
      name: '(d) TypeScript node16, lib dom, no @types/node: consumer.cts (CommonJS) and consumer.mts (ESM) type-check',
      options: { module: 'node16', moduleResolution: 'node16', lib: ['es2022', 'dom', 'dom.iterable'], types: [] },
      files: ['consumer.cts', 'consumer.mts'],
      reads: entries.flatMap(both),
    },
    {
      name: `(f) lib es2022 nodenext + @types/node: matrix.mts (ESM) imports ${noMsw}`,
      options: { module: 'nodenext', moduleResolution: 'nodenext', ...nodeLib },
      files: ['matrix.mts'],
      reads: withoutMsw.map((e) => strip(e.esmTypes)),
    },
    {
      name: `(g) lib es2022 node16 + @types/node: matrix.cts (CommonJS) imports ${noMsw}`,
      options: { module: 'node16', moduleResolution: 'node16', ...nodeLib },
      files: ['matrix.cts'],
      reads: withoutMsw.map((e) => strip(e.cjsTypes)),
    },
    {
      // node10 reads `types` and `typesVersions`, which point at the CommonJS declarations.
      name: `(h) lib es2022 node10 + module commonjs, no esModuleInterop, + @types/node: matrix.ts imports ${noMsw}`,
      options: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: false, ...nodeLib },
      files: ['matrix.ts'],
      reads: withoutMsw.map((e) => strip(e.cjsTypes)),
    },
  ];
  const runTsc = async ({ name, options, files, reads }, i) => {
    const config = join(project, `tsconfig.${i}.json`);
    writeFileSync(config, JSON.stringify({ compilerOptions: { ...strict, ...options }, files }, null, 2));
    const { status, output } = await runAsync(process.execPath, [tsc, '-p', config, '--listFiles', '--pretty', 'false'], project, 300_000);
    const listed = output.replaceAll('\\', '/');
    const errors = listed.split('\n').filter((line) => /error TS\d+/.test(line));
    if (status !== 0 || errors.length) {
      const hint = /TS1479/.test(output) ? '\nTS1479: a type from an ESM-only package (ky?) leaks into the CommonJS declarations.' : '';
      return [name, `${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.join('\n') || output}${hint}`];
    }
    const unseen = reads.filter((file) => !listed.includes(`/node_modules/${pkg.name}/${file}`));
    return [name, unseen.length && `tsc passed but never read ${unseen.join(', ')}: the exports map does not send this resolution to those declarations.`, `0 errors; read ${reads.join(', ')}`];
  };
  // Two at a time: each tsc run is one busy core.
  const results = [];
  const queue = configs.map((config, i) => () => runTsc(config, i));
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) results.push(await job());
  };
  await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, worker));
  for (const name of configs.map((c) => c.name)) report(...results.find((r) => r[0] === name));
} catch (error) {
  if (error.message !== 'stop') report('check-consumers', error.stack ?? error);
} finally {
  if (process.env.NEMO_KEEP_TMP) console.log(`kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(failures ? `check-consumers: ${failures} failed (${seconds} s)` : `check-consumers: all passed (${seconds} s)`);
process.exit(failures ? 1 : 0);
