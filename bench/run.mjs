/**
 * `npm run bench`: every benchmark that prints ratio rows (see lib.mjs), one after another (never two at once:
 * they would measure each other), then one table. Each figure is a ratio to a reference measured in the same
 * run, interleaved, with the median and range over reps: targets live here, never in timed tests.
 *
 *   npm run bench                      build, then every bench below
 *   node bench/run.mjs [names…]         only those, on the current dist/ (e.g. `node bench/run.mjs call bundle`)
 *   options: --markdown (the table as Markdown, for docs/performance.md), --json FILE (the rows as JSON)
 *
 * The references (openai, @fal-ai/client, replicate) live in bench/package.json with their own lockfile,
 * installed here on first use, so the SDK's own `npm ci` never pays for them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROW_MARKER } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The benches, in the order they run, each with its arguments for `npm run bench`. */
const BENCHES = [
  { name: 'bundle', file: 'bundle.mjs', args: [] },
  { name: 'cold-start', file: 'cold-start.mjs', args: ['9'] },
  { name: 'call', file: 'call.mjs', args: ['7', '300'] },
  { name: 'render-wait', file: 'render-wait.mjs', args: ['5', '100'] },
  { name: 'stream', file: 'stream.mjs', args: ['5', '50'] },
  { name: 'stream-heap', file: 'stream.mjs', args: ['heap'] },
];

const { values, positionals } = parseArgs({ options: { markdown: { type: 'boolean', default: false }, json: { type: 'string' } }, allowPositionals: true });
const selected = positionals.length ? BENCHES.filter((b) => positionals.includes(b.name)) : BENCHES;
if (positionals.some((name) => !BENCHES.some((b) => b.name === name))) {
  console.error(`Unknown bench; there are ${BENCHES.map((b) => b.name).join(', ')}.`);
  process.exit(2);
}
if (!existsSync(join(here, '..', 'dist', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (npm run bench does).');
  process.exit(2);
}

// The references, installed when the lockfile is not the one installed.
const lockHash = createHash('sha256').update(readFileSync(join(here, 'package-lock.json'))).digest('hex');
const marker = join(here, 'node_modules', '.installed-lock-sha256');
if (!existsSync(marker) || readFileSync(marker, 'utf8') !== lockHash) {
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (install.status !== 0) process.exit(1);
  writeFileSync(marker, lockHash);
}

const rows = [];
let failed = 0;
for (const bench of selected) {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--expose-gc', join(here, bench.file), ...bench.args], { cwd: here, encoding: 'utf8', env: { ...process.env, NEMO_LOG: 'off' }, maxBuffer: 64 << 20 });
  const found = run.stdout.split('\n').filter((line) => line.startsWith(ROW_MARKER)).map((line) => JSON.parse(line.slice(ROW_MARKER.length)));
  if (run.status !== 0 || !found.length) {
    failed++;
    console.error(`FAIL ${bench.name}: ${run.status !== 0 ? `exited with ${run.status}` : 'printed no row'}\n${(run.stderr || run.stdout).trim().split('\n').slice(-15).join('\n')}`);
    continue;
  }
  rows.push(...found);
  console.error(`ran ${bench.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const number = (n) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const table = [
  ['bench', 'what', 'against', 'ours', 'reference', 'ratio', 'range', 'reps'],
  ...rows.map((r) => [r.bench, r.what, r.reference, `${number(r.value)} ${r.unit}`, `${number(r.refValue)} ${r.unit}`, `${r.ratio.toFixed(2)}×`, `${r.range[0].toFixed(2)}–${r.range[1].toFixed(2)}`, String(r.reps)]),
];
if (values.markdown) {
  console.log(`| ${table[0].join(' | ')} |\n|${table[0].map(() => '---').join('|')}|`);
  for (const line of table.slice(1)) console.log(`| ${line.join(' | ')} |`);
} else {
  const widths = table[0].map((_, i) => Math.max(...table.map((line) => line[i].length)));
  for (const line of table) console.log(line.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`);
if (values.json) writeFileSync(values.json, JSON.stringify({ rows, machine: { cpus: cpus().length, node: process.versions.node } }, null, 2));
process.exitCode = failed ? 1 : 0;
