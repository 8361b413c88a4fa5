// The runtime matrix: the packed nemo-video (`npm pack`, as users get it) runs one smoke workflow (smoke.mjs)
// in each runtime, each against an emulator of its own started through the package's CLI bin on 127.0.0.1.
//
//   node ecosystem-tests/run.mjs                 every runtime, two at a time
//   node ecosystem-tests/run.mjs deno bun        only those (see --list)
//   options: --list, --jobs N (default 2), --keep (keep the temp project), --reinstall (npm ci the tools again)
//
// Expects `npm run build` (and the root's `npm ci`, for playwright) done: it packs dist/ as it is and builds
// nothing. The runtimes and tools (Node 22/24, Bun, Deno, miniflare, esbuild) live in ecosystem-tests/package.json
// with their own lockfile; this script runs `npm ci` there when node_modules is missing or the lockfile changed.
// Prints one line per runtime, then `N passed, N failed`, writes .tmp/ecosystem-report.json for .ci/run, and
// exits 1 on any failure. POSIX only (each child runs in a process group of its own, killed as a group).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RESULT_MARKER } from './smoke.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const tools = join(here, 'node_modules');
const reportFile = join(root, '.tmp', 'ecosystem-report.json');
const major = process.versions.node.split('.')[0];

/**
 * The runtimes. `run` gives the command for a consumer project `project` (where the packed nemo-video is
 * installed and each runtime folder copied) and an emulator at `url`; `cwd` is where it runs; `expect` must
 * match the runtime the workflow reports; `loaded`, when set, is the file of the package it must have loaded.
 * `folder` is the folder copied into the project. To add a runtime: add a folder and a row.
 */
const RUNTIMES = [
  {
    name: `node${major}-esm`,
    folder: 'node-esm',
    expect: new RegExp(`^node ${major}\\..* esm$`),
    loaded: 'dist/index.js',
    run: () => [process.execPath, ['node-esm/index.mjs']],
  },
  {
    name: `node${major}-cjs`,
    folder: 'node-cjs',
    expect: new RegExp(`^node ${major}\\..* cjs$`),
    loaded: 'dist/index.cjs',
    // Without require(esm): the CommonJS build must load with no ESM-only dependency behind it.
    run: () => [process.execPath, ['--no-experimental-require-module', 'node-cjs/index.cjs']],
  },
  {
    name: 'node22-esm',
    folder: 'node-esm',
    expect: /^node 22\..* esm$/,
    loaded: 'dist/index.js',
    run: () => [join(tools, 'node22', 'bin', 'node'), ['node-esm/index.mjs']],
  },
  {
    name: 'node24-cjs',
    folder: 'node-cjs',
    expect: /^node 24\..* cjs$/,
    // require(esm) is on in Node 24: require() must still pick the CommonJS build, not the ESM one.
    loaded: 'dist/index.cjs',
    run: () => [join(tools, 'node24', 'bin', 'node'), ['node-cjs/index.cjs']],
  },
  {
    name: 'bun',
    folder: 'bun',
    expect: /^bun \d/,
    run: () => [join(tools, '.bin', 'bun'), ['bun/index.ts']],
  },
  {
    name: 'deno',
    folder: 'deno',
    expect: /^deno \d/,
    // The network of the emulator's address alone; no env, read or write permission.
    run: ({ url }) => [join(tools, '.bin', 'deno'), ['run', '--node-modules-dir=manual', '--no-lock', `--allow-net=${new URL(url).host}`, 'deno/main.ts']],
  },
  {
    name: 'workerd',
    folder: 'workerd',
    expect: /^workerd /,
    cwd: 'tools',
    run: ({ project }) => [process.execPath, ['workerd/driver.mjs', project]],
    timeout: 120_000,
  },
  // nemo-video/server's createProxy in the runtimes its docs give snippets for, served on 127.0.0.1, the workflow's
  // client going through it with proxyAuth() (no token): Bun.serve, Deno.serve, a Worker in workerd.
  {
    name: 'bun-proxy',
    folder: 'bun',
    expect: /^bun \d.* proxy$/,
    run: () => [join(tools, '.bin', 'bun'), ['bun/proxy.ts']],
  },
  {
    name: 'deno-proxy',
    folder: 'deno',
    expect: /^deno \d.* proxy$/,
    // The network of 127.0.0.1 alone: to listen on a free port, and to reach the emulator.
    run: () => [join(tools, '.bin', 'deno'), ['run', '--node-modules-dir=manual', '--no-lock', '--allow-net=127.0.0.1', 'deno/proxy.ts']],
  },
  {
    name: 'workerd-proxy',
    folder: 'workerd',
    expect: /^workerd proxy /,
    cwd: 'tools',
    run: ({ project }) => [process.execPath, ['workerd/proxy-driver.mjs', project]],
    timeout: 120_000,
  },
  {
    name: 'chromium',
    folder: 'chromium',
    expect: /^chromium .*HeadlessChrome\//,
    cwd: 'tools',
    run: ({ project }) => [process.execPath, ['chromium/driver.mjs', project]],
    timeout: 120_000,
  },
];

const { values, positionals } = parseArgs({
  options: {
    list: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
    reinstall: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
if (values.list) {
  for (const runtime of RUNTIMES) console.log(`${runtime.name.padEnd(12)} ${runtime.folder}/`);
  process.exit(0);
}
const unknown = positionals.filter((name) => !RUNTIMES.some((runtime) => runtime.name === name));
if (unknown.length) {
  console.error(`Unknown runtime ${unknown.join(', ')}; there are ${RUNTIMES.map((r) => r.name).join(', ')}.`);
  process.exit(2);
}
const selected = positionals.length ? RUNTIMES.filter((runtime) => positionals.includes(runtime.name)) : RUNTIMES;
const jobs = Math.max(1, Number(values.jobs) || 1);

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
/** Every child still running, by pid: killed (as a group) if this script stops early. */
const children = new Set();
const killGroup = (pid, signal) => {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
};
let temp;
process.on('exit', () => {
  for (const pid of children) killGroup(pid, 'SIGKILL');
  if (temp && !values.keep) rmSync(temp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

// A stale report must never be read as this run's.
rmSync(reportFile, { force: true });
mkdirSync(dirname(reportFile), { recursive: true });

/** The environment of every child: no token or base URL of the caller's, no colours, no update checks. */
const env = { ...process.env, NO_COLOR: '1', NPM_CONFIG_LOGLEVEL: 'error', NPM_CONFIG_UPDATE_NOTIFIER: 'false', DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' };
delete env.NEMO_TOKEN;
delete env.NEMO_BASE_URL;
delete env.FORCE_COLOR;

/** Runs a setup command to its end; throws with its output when it fails. */
function setup(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${result.error?.message ?? ''}\n${(result.stderr + result.stdout).trim()}`);
  }
  return result.stdout;
}

/** Ends the run: the counts line, the report for .ci/run, the exit code. */
function finish(results, extra) {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  writeFileSync(reportFile, JSON.stringify({ passed, failed, seconds: (Date.now() - started) / 1000, results, ...extra }, null, 2));
  console.log(`matrix: ${results.length} runtimes in ${seconds(started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

try {
  // --- the tools: npm ci in ecosystem-tests when its lockfile is not the one installed --------------------------
  const lockHash = createHash('sha256').update(readFileSync(join(here, 'package-lock.json'))).digest('hex');
  const marker = join(tools, '.installed-lock-sha256');
  const toolsSince = Date.now();
  if (values.reinstall || !existsSync(marker) || readFileSync(marker, 'utf8') !== lockHash) {
    setup('npm', ['ci', '--no-audit', '--no-fund'], here);
    writeFileSync(marker, lockHash);
    console.log(`setup: npm ci in ecosystem-tests (${seconds(toolsSince)})`);
  }

  // --- the package, packed once and installed once into a consumer project outside the repository --------------
  const missing = ['dist/index.js', 'dist/index.cjs', 'dist/cli.js'].filter((file) => !existsSync(join(root, file)));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: run \`npm run build\` first.`);
  const packSince = Date.now();
  temp = mkdtempSync(join(tmpdir(), 'nemo-video-ecosystem-'));
  // --ignore-scripts: `prepack` would build again; dist/ is taken as it is.
  const [packed] = JSON.parse(setup('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', temp], root));
  const project = join(temp, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'ecosystem-consumer', version: '1.0.0', private: true }, null, 2));
  setup('npm', ['install', join(temp, packed.filename), '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-package-lock'], project);
  cpSync(join(here, 'smoke.mjs'), join(project, 'smoke.mjs'));
  for (const folder of new Set(selected.map((runtime) => runtime.folder))) cpSync(join(here, folder), join(project, folder), { recursive: true });
  console.log(`setup: packed ${packed.filename} and installed it into a consumer project (${seconds(packSince)})`);

  // The emulator, through the package's bin as a user runs it: `nemo-video emulator`.
  const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'nemo-video', 'package.json'), 'utf8'));
  const bin = join(project, 'node_modules', 'nemo-video', typeof installed.bin === 'string' ? installed.bin : installed.bin['nemo-video']);

  // --- the runtimes, `jobs` at a time, each line printed in the table's order ------------------------------------
  const results = new Array(selected.length);
  const printed = { next: 0 };
  const printReady = () => {
    while (printed.next < selected.length && results[printed.next]) {
      const r = results[printed.next++];
      if (r.ok) console.log(`ok   ${r.name} (${r.seconds.toFixed(1)} s)  ${r.detail}`);
      else console.log(`FAIL ${r.name} (${r.seconds.toFixed(1)} s): ${r.reason}${r.output ? `\n${r.output.replace(/^/gm, '     ')}` : ''}`);
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, selected.length) }, async () => {
      while (next < selected.length) {
        const index = next++;
        results[index] = await runOne(selected[index], project, bin);
        printReady();
      }
    }),
  );
  finish(results.map(({ output, ...r }) => r));
} catch (error) {
  console.log(`FAIL setup: ${error.message}`);
  finish([{ name: 'setup', ok: false, seconds: (Date.now() - started) / 1000, reason: error.message }]);
}
if (temp && values.keep) console.log(`kept ${temp}`);

/** Runs one runtime against an emulator of its own; never throws: returns its result line's data. */
async function runOne(runtime, project, bin) {
  const since = Date.now();
  const result = (ok, fields) => ({ name: runtime.name, ok, seconds: (Date.now() - since) / 1000, ...fields });
  let emulator;
  try {
    emulator = await startEmulator(bin, project);
    const [command, args] = runtime.run({ project, url: emulator.url });
    const cwd = runtime.cwd === 'tools' ? here : project;
    const run = await runChild(command, [...args, emulator.url], cwd, runtime.timeout ?? 60_000);
    const line = run.stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
    const output = `${run.stdout}${run.stderr}`.trim().split('\n').slice(-40).join('\n');
    if (run.timedOut) return result(false, { reason: `timed out after ${(runtime.timeout ?? 60_000) / 1000} s`, output });
    if (run.code !== 0 || !line) return result(false, { reason: run.code !== 0 ? `exited with ${run.code ?? run.signal}` : 'printed no result', output });
    const summary = JSON.parse(line.slice(RESULT_MARKER.length));
    const wrong = [
      !summary.ok && 'the workflow reported a failure',
      !runtime.expect.test(summary.runtime) && `ran in "${summary.runtime}", expected ${runtime.expect}`,
      runtime.loaded && summary.loaded !== runtime.loaded && `loaded ${summary.loaded}, expected ${runtime.loaded}`,
    ].filter(Boolean);
    if (wrong.length) return result(false, { reason: wrong.join('; '), output });
    const where = summary.runtime.replace(/ \(Mozilla.*HeadlessChrome\/([\d.]+).*\)$/, ' $1');
    return result(true, { detail: `${where}: ${summary.events.text} text events, ${summary.credits.before}→${summary.credits.after} credits, ${summary.mp4Bytes}-byte ${summary.mp4Seconds} s MP4`, summary });
  } catch (error) {
    return result(false, { reason: error.message });
  } finally {
    await emulator?.stop();
  }
}

/** Starts `nemo-video emulator --port 0 --render tiny --json` and resolves once it prints its URL. */
function startEmulator(bin, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'emulator', '--port', '0', '--render', 'tiny', '--json'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child.pid);
    const exited = new Promise((done) => child.once('exit', () => done(children.delete(child.pid))));
    const stop = async () => {
      killGroup(child.pid, 'SIGTERM');
      // It closes its server on SIGTERM; one that does not within 5 s is killed.
      const stubborn = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(stubborn);
    };
    // A guard, not a wait: the URL line normally comes in well under a second.
    const tooLong = setTimeout(() => {
      reject(new Error(`the emulator printed no URL within 30 s: ${(err + out).trim()}`));
      stop();
    }, 30_000);
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      // --json prints one JSON object a line: {"url":"http://127.0.0.1:PORT"} once it listens.
      for (const line of out.split('\n').slice(0, -1)) {
        try {
          const { url } = JSON.parse(line);
          if (typeof url === 'string') {
            clearTimeout(tooLong);
            return resolve({ url, stop });
          }
        } catch {
          // Not the URL line.
        }
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(tooLong);
      reject(new Error(`the emulator exited (${code ?? signal}) before it listened: ${(err + out).trim()}`));
    });
  });
}

/** Runs a child in a process group of its own; on timeout the whole group is killed. */
function runChild(command, args, cwd, timeout) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    if (child.pid) children.add(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, timeout);
    const settle = (code, signal) => {
      clearTimeout(timer);
      if (child.pid) {
        // Whatever the runtime left behind in its group (a browser, workerd) goes with it.
        killGroup(child.pid, 'SIGKILL');
        children.delete(child.pid);
      }
      resolve({ code, signal, stdout, stderr, timedOut });
    };
    // A command that cannot start (a missing binary) errors and may never close.
    child.once('error', (error) => settle(null, `${error.message}`));
    child.once('close', settle);
  });
}
