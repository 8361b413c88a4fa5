// Installs the packed package into a throwaway project, as a user would, and checks that every kind of
// consumer can load every entry point in package.json `exports`: ESM import, CommonJS require (with and
// without Node's require(esm)), and TypeScript type-checking: a browser app (`lib: dom`, no @types/node) from a
// CommonJS `.cts` file and an ESM `.mts` file (`module: node16`), and Node apps without the DOM lib (`lib:
// es2022` with @types/node) under nodenext, node16 (`.cts`) and node10 + commonjs without esModuleInterop,
// every one strict with `skipLibCheck: false`. Also checks that no ky or zod type and no DOM-only lib type leaks
// into the published declarations (a ky type gives a CommonJS TypeScript user TS1479; a DOM-only one breaks every
// project without the DOM lib), that the README's links work on the registry's page, that the CLI ships no
// source map, that installing runs no script and draws no install-scripts warning, that an ESM and a CommonJS
// copy in one process recognise each other's errors, and that an app pinning the oldest msw of the peer range
// installs the package without ERESOLVE and runs its msw handlers. Run after `npm run build`; one pack, two
// projects, three installs (fast once npm's cache holds the packages), the tsc runs two at a time.
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

/**
 * Runs a command; returns its stdout (with `all`, stdout and stderr: npm warns on stderr), or throws with its
 * output when it fails. `env` adds to the environment (e.g. a log level that shows npm's warnings).
 */
function run(command, args, cwd, timeout = 120_000, { env: extra = {}, all = false } = {}) {
  const env = { ...process.env, NPM_CONFIG_LOGLEVEL: 'error', NPM_CONFIG_UPDATE_NOTIFIER: 'false', ...extra };
  // A token or base URL in the caller's environment must not change what the checks see.
  delete env.NEMO_TOKEN;
  delete env.NEMO_BASE_URL;
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout, shell: process.platform === 'win32' });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.slice(0, 3).join(' ')} exited with ${result.status}:\n${(result.stderr + result.stdout).trim()}`);
  }
  return all ? `${result.stdout}\n${result.stderr}`.trim() : result.stdout.trim();
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

/** The repository's web address, from package.json `repository` (e.g. `https://github.com/owner/name`). */
function repositoryWeb() {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return url?.replace(/^git\+/, '').replace(/\.git$/, '');
}

/**
 * The README's links that would break where the package is read without its repository (the registry's page, a
 * copy in node_modules): a relative link to a file the tarball lacks. Links into the repository itself
 * (`<repository>/blob/<branch>/<path>`, `/tree/`, `/raw/`) must name a path that exists here, so a moved guide
 * is caught too. Code blocks and code spans are not links.
 */
function readmeLinkProblems(markdown, packed) {
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]), // [text](target), ![alt](src)
    ...[...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]), // [label]: target
    ...[...text.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]), // <a href>, <img src>
  ];
  const repository = repositoryWeb();
  const problems = [];
  for (const target of targets) {
    if (target.startsWith('#')) continue;
    if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(target)) {
      const inRepo = repository && target.startsWith(`${repository}/`) && /^\/(?:blob|tree|raw)\/[^/]+\/(.+)$/.exec(target.slice(repository.length));
      const path = inRepo && decodeURIComponent(inRepo[1].replace(/[?#].*$/, '').replace(/\/$/, ''));
      if (path && !existsSync(join(root, path))) problems.push(`${target}: no ${path} in the repository`);
      continue;
    }
    const path = decodeURIComponent(target.replace(/[?#].*$/, '')).replace(/^\.\//, '').replace(/\/$/, '');
    const found = packed.has(path) || [...packed].some((file) => file.startsWith(`${path}/`));
    if (!found) problems.push(`${target}: relative, and ${path} is not in the tarball`);
  }
  return [...new Set(problems)];
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
  let packedFiles;
  try {
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', temp], root));
    tarball = join(temp, packed[0].filename);
    packedFiles = new Set(packed[0].files.map((file) => file.path));
  } catch (error) {
    report('npm pack', error);
    throw new Error('stop');
  }

  // --- (i) README links work on the registry's page, where only the tarball is there to link to -----------------
  {
    const problems = readmeLinkProblems(readFileSync(join(root, 'README.md'), 'utf8'), packedFiles);
    report(
      '(i) README: every relative link is to a file in the tarball; every link into the repository is to a file that exists',
      problems.length &&
        `${problems.join('\n')}\ndocs/ and examples/ are not in the tarball: link to them as ${repositoryWeb()}/blob/main/<path>.`,
      `${packedFiles.size} files packed`,
    );
  }
  const project = join(temp, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  // --- (j) the CLI bundle ships without a source map (its stack traces point into the library's mapped files) -------
  {
    const bins = Object.values(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {})).map(strip);
    const problems = bins.flatMap((bin) => [
      ...(packedFiles.has(bin) ? [] : [`${bin} is not in the tarball`]),
      ...(packedFiles.has(`${bin}.map`) ? [`${bin}.map is in the tarball`] : []),
      ...(existsSync(join(root, bin)) && /^\/\/# sourceMappingURL=/m.test(readFileSync(join(root, bin), 'utf8')) ? [`${bin} names a source map`] : []),
    ]);
    report(
      `(j) bin ${bins.join(', ')} is packed without a source map`,
      problems.length && `${problems.join('\n')}\nThe CLI's tsup config must not turn on sourcemap.`,
    );
  }

  const npmInstall = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'];
  let installOutput;
  try {
    // As `npm install nemo-video` runs: install scripts allowed, npm's warnings shown.
    installOutput = run('npm', [...npmInstall, tarball], project, 300_000, { env: { NPM_CONFIG_LOGLEVEL: 'warn' }, all: true });
    // msw as a user of `nemo-video/testing` has it (an optional peer: only that entry needs it), at our pinned version;
    // @types/node at ours too (20.x, the oldest Node we support), for the Node projects without the DOM lib. Their
    // own install scripts are not under test.
    const msw = `msw@${pkg.devDependencies.msw}`;
    const nodeTypes = `@types/node@${pkg.devDependencies['@types/node']}`;
    run('npm', [...npmInstall, '--ignore-scripts', msw, nodeTypes], project, 300_000);
    report('npm install of the packed tarball', undefined, tarball.split(/[\\/]/).pop());
  } catch (error) {
    report('npm install of the packed tarball', error);
    throw new Error('stop');
  }

  // --- (k) installing it runs nothing and npm warns of nothing: no install-time lifecycle script --------------------
  {
    // What npm runs when it installs a package (`prepare` too, from a tarball, a folder or git), and so flags.
    const installTime = ['preinstall', 'install', 'postinstall', 'prepare'];
    const published = JSON.parse(readFileSync(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8'));
    const scripts = installTime.filter((name) => published.scripts?.[name] !== undefined).map((name) => `"${name}": "${published.scripts[name]}"`);
    if (packedFiles.has('binding.gyp')) scripts.push('binding.gyp (npm runs node-gyp rebuild)');
    const warnings = installOutput.split('\n').filter((line) => /install-scripts|install script/i.test(line));
    report(
      '(k) the installed package has no install-time script, and npm install printed no install-scripts warning',
      (scripts.length || warnings.length) &&
        [...scripts.map((s) => `published package.json: ${s}`), ...warnings].join('\n') +
          '\nBuild where a clone needs it (scripts/ensure-build.mjs, `prepack`), never in an install-time script.',
      `scripts: ${Object.keys(published.scripts ?? {}).join(', ') || 'none'}`,
    );
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

  // --- (l) one process, two copies (an app's import, a dependency's require): errors recognised across them -------
  {
    const name = `(l) ESM and CommonJS copies in one process: isNemoVideoError and instanceof recognise each other's errors`;
    writeFileSync(
      join(project, 'copies.mjs'),
      `
      import { createRequire } from 'node:module';
      const esm = await import('${pkg.name}');
      const cjs = createRequire(import.meta.url)('${pkg.name}');
      if (esm.NemoVideoError === cjs.NemoVideoError) throw new Error('import and require gave one copy: nothing to check');
      let thrown;
      try { new cjs.NemoVideo({ baseURL: 'nope' }); } catch (error) { thrown = error; }
      const rateLimited = new esm.RateLimitError(5);
      const checks = {
        'the CommonJS copy threw its InvalidArgumentError': thrown instanceof cjs.InvalidArgumentError,
        'ESM isNemoVideoError(that error)': esm.isNemoVideoError(thrown),
        'that error instanceof ESM InvalidArgumentError': thrown instanceof esm.InvalidArgumentError,
        'that error instanceof ESM NemoVideoError': thrown instanceof esm.NemoVideoError,
        'that error not instanceof ESM APIError': !(thrown instanceof esm.APIError),
        'CommonJS isNemoVideoError(an ESM RateLimitError)': cjs.isNemoVideoError(rateLimited),
        'an ESM RateLimitError instanceof CommonJS RateLimitError and APIError': rateLimited instanceof cjs.RateLimitError && rateLimited instanceof cjs.APIError,
        'an ESM RateLimitError not instanceof CommonJS AuthenticationError': !(rateLimited instanceof cjs.AuthenticationError),
        'a plain Error named NemoVideoError is not one': !esm.isNemoVideoError(Object.assign(new Error('x'), { name: 'NemoVideoError' })),
      };
      const failed = Object.keys(checks).filter((check) => !checks[check]);
      if (failed.length) throw new Error('failed: ' + failed.join('; '));
      console.log(Object.keys(checks).length + ' checks');
    `,
    );
    try {
      report(name, undefined, run(process.execPath, ['copies.mjs'], project));
    } catch (error) {
      report(name, error.message);
    }
  }

  // --- (d) TypeScript in a browser app (lib dom, no @types/node): a CommonJS .cts and an ESM .mts, module node16 -
  const typed = (kind) => `
    import { NemoVideo, NemoVideoError, RateLimitError, StreamError, isNemoVideoError, type ChatEvent, type ClientOptions, type RenderStatus, type Timeline } from '${pkg.name}';
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
        if (isNemoVideoError(error) && error.name === 'APIConnectionError') return error.message;
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
    import { ChatStream, NemoVideo, NemoVideoError, PermissionDeniedError, RateLimitError, proxyAuth, type ChatEvent, type ClientOptions, type Credits, type RenderStatus, type SessionState, type Timeline, type UploadRequest, type UploadResult, type UploadSource } from '${pkg.name}';
    import { Studio, summarizeTimeline, routeIntent, studioUpdatesFromResponse, studioUpdatesToResponse, type StudioUpdate } from '${pkg.name}/studio';
    import { createProxy, memorySessionStore, toNodeHandler, type NodeContext, type ProxyOptions, type SessionStore } from '${pkg.name}/server';
    import { runJobs, memoryJobStore, type JobResult, type JobStore, type VideoJobSpec } from '${pkg.name}/jobs';
    import { createServer } from 'node:http';
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
    // The web app: the proxy on node:http (its structural req/res against @types/node's), the page's client, the relays.
    const sessionStore: SessionStore = memorySessionStore({ maxEntries: 10 });
    const proxyOptions: ProxyOptions<NodeContext> = {
      authorize: async (_request, context) => String(context?.req.headers['x-user'] ?? ''),
      sessionStore,
      allowedOrigins: ['https://app.example'],
    };
    export const httpServer = createServer(toNodeHandler(createProxy(proxyOptions)));
    export const page = new NemoVideo({ baseURL: 'https://app.example/api/nemo', authStrategy: proxyAuth() });
    export const relayed: ChatStream = ChatStream.fromResponse(nv.chat.stream('1', 'hi').toResponse());
    export const updates: AsyncGenerator<StudioUpdate, void, undefined> = studioUpdatesFromResponse(studioUpdatesToResponse(studio.say('hi')));
    export const refused = (error: unknown) => error instanceof PermissionDeniedError;
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

  // --- (m) an app that pins the oldest msw the peer range allows installs us as it is, and the handlers work ------
  {
    const range = pkg.peerDependencies?.msw ?? '';
    const oldest = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
    const name = `(m) msw ${oldest ?? '?'} (the oldest of peerDependencies.msw ${range}) pinned by an app: no ERESOLVE, kept, handlers run and type-check`;
    const app = join(temp, 'older-msw');
    try {
      if (!oldest) throw new Error(`peerDependencies.msw is ${range || 'missing'}: expected a caret range (^x.y.z) whose lowest version this check installs.`);
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'older-msw', version: '1.0.0', private: true, dependencies: { msw: oldest } }, null, 2));
      let output;
      try {
        output = run('npm', [...npmInstall, '--ignore-scripts', tarball], app, 300_000, { env: { NPM_CONFIG_LOGLEVEL: 'warn' }, all: true });
      } catch (error) {
        throw new Error(`${error.message}${/ERESOLVE/.test(error.message) ? `\nWiden peerDependencies.msw to take msw ${oldest}.` : ''}`);
      }
      const problems = [];
      if (/ERESOLVE/.test(output)) problems.push(`npm install reported ERESOLVE:\n${output}`);
      const kept = JSON.parse(readFileSync(join(app, 'node_modules', 'msw', 'package.json'), 'utf8')).version;
      if (kept !== oldest) problems.push(`the app's msw is ${kept} after the install, not the ${oldest} it pins`);
      if (existsSync(join(app, 'node_modules', pkg.name, 'node_modules', 'msw'))) problems.push(`npm gave ${pkg.name} an msw of its own under node_modules/${pkg.name}/node_modules`);

      // The handlers with the app's msw: a balance read through msw's interception (the base URL is a closed
      // local port: a request that escaped msw would fail, never leave the machine).
      writeFileSync(
        join(app, 'msw.mjs'),
        `
        import { setupServer } from 'msw/node';
        import { NemoVideo } from '${pkg.name}';
        import { createEmulator } from '${pkg.name}/testing';
        import { emulatorHandlers } from '${pkg.name}/testing/msw';
        const baseURL = 'http://127.0.0.1:9';
        const server = setupServer(...emulatorHandlers(createEmulator(), baseURL));
        server.listen({ onUnhandledRequest: 'error' });
        try {
          const credits = await new NemoVideo({ baseURL, maxRetries: 0 }).credits.balance();
          if (typeof credits.available !== 'number') throw new Error('no balance: ' + JSON.stringify(credits));
          console.log(credits.available + ' credits');
        } finally {
          server.close();
        }
      `,
      );
      const balance = run(process.execPath, ['msw.mjs'], app);

      writeFileSync(
        join(app, 'msw.mts'),
        `
        import { setupServer } from 'msw/node';
        import type { HttpHandler } from 'msw';
        import { NemoVideo, type Credits } from '${pkg.name}';
        import { createEmulator } from '${pkg.name}/testing';
        import { emulatorHandlers } from '${pkg.name}/testing/msw';
        const handlers: HttpHandler[] = emulatorHandlers(createEmulator(), 'http://127.0.0.1:9');
        export const server = setupServer(...handlers);
        export const balance: Promise<Credits> = new NemoVideo({ baseURL: 'http://127.0.0.1:9' }).credits.balance();
      `,
      );
      writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...strict, module: 'node16', moduleResolution: 'node16', lib: ['es2022', 'dom', 'dom.iterable'], types: [] }, files: ['msw.mts'] }, null, 2));
      try {
        run(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')], app);
      } catch (error) {
        problems.push(`msw.mts does not type-check against msw ${oldest}:\n${error.message}`);
      }
      report(name, problems.length && problems.join('\n'), `${balance}; tsc clean`);
    } catch (error) {
      report(name, error.message);
    }
  }
} catch (error) {
  if (error.message !== 'stop') report('check-consumers', error.stack ?? error);
} finally {
  if (process.env.NEMO_KEEP_TMP) console.log(`kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(failures ? `check-consumers: ${failures} failed (${seconds} s)` : `check-consumers: all passed (${seconds} s)`);
process.exit(failures ? 1 : 0);
