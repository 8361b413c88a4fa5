// Installs the packed package into a throwaway project, as a user would, and checks that every kind of
// consumer can load every entry point in package.json `exports`: ESM import, CommonJS require (with and
// without Node's require(esm)), and TypeScript type-checking from a CommonJS `.cts` file and an ESM `.mts`
// file (`module: node16`). Also checks that no ky type leaks into the published declarations (a CommonJS
// TypeScript user would get TS1479). Run after `npm run build`; one pack, one install, about 5 s.
// NEMO_KEEP_TMP=1 keeps the temp directory for a look after a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

// --- (e) no ky in any declaration file (entries and their shared chunks): cheap, so first ----------------------
{
  const declarations = readdirSync(join(root, 'dist')).filter((f) => /\.d\.[cm]?ts$/.test(f)).sort();
  const leaks = [];
  const imported = new Set();
  for (const file of declarations) {
    const text = readFileSync(join(root, 'dist', file), 'utf8');
    if (/from\s*['"]ky(\/[^'"]*)?['"]|import\s*\(\s*['"]ky(\/[^'"]*)?['"]\s*\)/.test(text)) leaks.push(`dist/${file} mentions ky`);
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g)) {
      if (!specifier.startsWith('.')) imported.add(specifier);
    }
  }
  report(
    `(e) no ky types in the ${declarations.length} declaration files`,
    leaks.length &&
      `${leaks.join('\n')}\nA ky type in the public API breaks CommonJS TypeScript users (TS1479, ky is ESM-only): declare the SDK's own type instead.`,
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
    // msw as a user of `nemo-video/testing` has it (an optional peer: only that entry needs it), at our pinned version.
    const msw = `msw@${pkg.devDependencies.msw}`;
    run('npm', ['install', tarball, msw, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-package-lock'], project, 300_000);
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

  // --- (d) TypeScript: a CommonJS .cts and an ESM .mts, module node16, one tsc run -------------------------------
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
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'es2022',
          lib: ['es2022', 'dom', 'dom.iterable'],
          types: [],
          strict: true,
          noEmit: true,
          // The declarations are what is under test: never skip them.
          skipLibCheck: false,
        },
        files: ['consumer.cts', 'consumer.mts'],
      },
      null,
      2,
    ),
  );
  const tsName = '(d) TypeScript node16: consumer.cts (CommonJS) and consumer.mts (ESM) type-check';
  try {
    const listed = run(process.execPath, [tsc, '-p', join(project, 'tsconfig.json'), '--listFiles'], project).replaceAll('\\', '/');
    const wanted = entries.flatMap((e) => (e.needsMsw ? [strip(e.esmTypes)] : [strip(e.cjsTypes), strip(e.esmTypes)]));
    const unseen = wanted.filter((file) => !listed.includes(`/node_modules/${pkg.name}/${file}`));
    report(
      tsName,
      unseen.length && `tsc passed but never read ${unseen.join(', ')}: the exports map does not send each format to its declarations.`,
      `read ${wanted.join(', ')}`,
    );
  } catch (error) {
    // Keep tsc's diagnostics, not the --listFiles file list.
    const diagnostics = error.message.split('\n').filter((line) => !/\.d\.[cm]?ts$|\.[cm]ts$/.test(line) || /error TS/.test(line));
    const hint = /TS1479/.test(error.message) ? '\nTS1479: a type from an ESM-only package (ky?) leaks into the CommonJS declarations.' : '';
    report(tsName, `${diagnostics.join('\n')}${hint}`);
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
