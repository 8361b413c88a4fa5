/**
 * Benchmark: a run of `jobs` video jobs (`runJobs`, nemo-video/jobs) against the emulator's server, at
 * concurrency 1, 4 and 16, with the BUILT package (dist/; run `npm run build` first).
 *
 *   node bench/jobs.mjs [reps=3] [jobs=100] [renderMs=100]
 *
 * - The emulator runs in a child process (this file, started with `emulator`), so this process holds the SDK
 *   alone: its CPU time (process.cpuUsage, user + system) over a run, divided by the jobs, is the SDK's CPU per
 *   job. The child reports its own CPU per run as well: the emulator's share, for scale.
 * - Each job is one session, one generation message (confirmed by state), one render of the emulator's tiny
 *   MP4 (`renderMs` on its clock), and the URL: no download. Every wait of a job is made short
 *   (renderInterval 25 ms), so wall time is the service's time plus the SDK's, not the default 30 s polls.
 * - The store is `memoryJobStore()`; a last row repeats the top concurrency on `fileJobStore` (a JSON file per
 *   job, fsync on every checkpoint) to show what durability costs.
 *
 * The concurrencies alternate in every rep (1, 4, 16, 1, 4, 16…), so drift hits each alike. Each figure is the
 * median over reps, with the range; the scaling ratio is the wall time at concurrency 1 over the wall time at
 * N (N would be perfect). Timings are the machine's: compare the ratios, not the seconds.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (process.argv[2] === 'emulator') {
  // The child: the emulator's server, a user with credits enough for any run, its CPU on request.
  const { startEmulator } = await import('../dist/testing-server.js');
  const renderMs = Number(process.argv[3]);
  const server = await startEmulator({ render: 'tiny', renderMs, delayMs: 0, workMs: 0, keepAliveMs: 0, silentEditRate: 0 });
  const { token } = server.emulator.createUser({ credits: 1e12, anonymous: false });
  process.on('message', (message) => {
    if (message === 'cpu') process.send({ cpu: process.cpuUsage(), requests: server.emulator.requests.length });
    if (message === 'close') server.close().then(() => process.exit(0));
  });
  process.send({ url: server.url, token });
} else {
  const { NemoVideo } = await import('../dist/index.js');
  const { memoryJobStore, runJobs } = await import('../dist/jobs.js');
  const { fileJobStore } = await import('../dist/node.js');

  const [reps = 3, jobs = 100, renderMs = 100] = process.argv.slice(2).map(Number);
  const CONCURRENCIES = [1, 4, 16];
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };

  const child = fork(new URL(import.meta.url).pathname, ['emulator', String(renderMs)], { stdio: 'inherit' });
  const replies = [];
  let waiting;
  child.on('message', (message) => (waiting ? (waiting(message), (waiting = undefined)) : replies.push(message)));
  const reply = () => (replies.length ? Promise.resolve(replies.shift()) : new Promise((resolve) => (waiting = resolve)));
  const { url, token } = await reply();
  /** The emulator's CPU µs so far, and how many requests it answered. */
  const emulatorCpu = async () => {
    child.send('cpu');
    const { cpu, requests } = await reply();
    return { cpu: cpu.user + cpu.system, requests };
  };

  const nv = new NemoVideo({ baseURL: url, token, maxRetries: 0 });
  const timings = { firstPoll: 25, pollEvery: 25, maxPolls: 2, renderInterval: 25 };
  let runs = 0;

  /** One run of `jobs` jobs: wall ms, this process's CPU µs, the emulator's CPU µs, the requests it answered. */
  async function run(concurrency, store, count = jobs) {
    const prefix = `r${runs++}`;
    const specs = Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, script: `Cities never sleep. Lights flicker across the skyline. Take ${i}.` }));
    const emulatorBefore = await emulatorCpu();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const results = await runJobs(nv, specs, { store, concurrency, timings });
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const emulatorAfter = await emulatorCpu();
    const notDone = results.filter((r) => r.status !== 'done');
    if (notDone.length) throw new Error(`${notDone.length} jobs not done, e.g. ${JSON.stringify(notDone[0])}`);
    return { wall, sdk: cpu.user + cpu.system, emulator: emulatorAfter.cpu - emulatorBefore.cpu, requests: emulatorAfter.requests - emulatorBefore.requests };
  }

  // Warm-up: load and compile every path once.
  await run(4, memoryJobStore(), 10);

  const results = new Map(CONCURRENCIES.map((c) => [c, []]));
  for (let rep = 0; rep < reps; rep++) for (const c of CONCURRENCIES) results.get(c).push(await run(c, memoryJobStore()));
  const top = CONCURRENCIES.at(-1);
  const dir = await mkdtemp(join(tmpdir(), 'nemo-bench-jobs-'));
  const durable = [];
  for (let rep = 0; rep < reps; rep++) durable.push(await run(top, fileJobStore(join(dir, String(rep)))));
  await rm(dir, { recursive: true, force: true });
  child.send('close');

  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const range = (values, format) => `${format(Math.min(...values))}–${format(Math.max(...values))}`;
  const perJob = (us) => `${(us / 1000 / jobs).toFixed(2)} ms`;
  const base = median(results.get(1).map((r) => r.wall));
  console.log(`bench/jobs.mjs: ${jobs} jobs a run (one message, one ${renderMs} ms render each), ${reps} reps interleaved, median (range over reps), emulator in a child process, Node ${process.versions.node}`);
  console.log('');
  console.log('| concurrency | store | wall time | scaling (wall at 1 / wall) | SDK CPU per job | requests per job | emulator CPU per job |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  const row = (c, store, runs) => {
    const walls = runs.map((r) => r.wall);
    const sdk = runs.map((r) => r.sdk);
    const emulator = runs.map((r) => r.emulator);
    console.log(
      `| ${c} | ${store} | ${s(median(walls))} (${range(walls, s)}) | ${(base / median(walls)).toFixed(2)}× (ideal ${c}×) | ${perJob(median(sdk))} (${range(sdk, perJob)}) | ${(median(runs.map((r) => r.requests)) / jobs).toFixed(1)} | ${perJob(median(emulator))} |`,
    );
  };
  for (const c of CONCURRENCIES) row(c, 'memory', results.get(c));
  row(top, 'file', durable);
}
