/**
 * Benchmark: the CPU a fresh Node process spends importing the SDK's main entry and making a client, against
 * openai's and @fal-ai/client's (bench/package.json) doing the same, each in its own child process,
 * interleaved. The figure is user + system CPU of the import and construction, measured inside the child.
 *
 *   node bench/cold-start.mjs [reps=9]
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { interleaved, printRows, ratioRow } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [reps = 9] = process.argv.slice(2).map(Number);
const nemo = pathToFileURL(join(here, '..', 'dist', 'index.js')).href;

/** A child that imports `specifier`, runs `make(module)`, and prints the CPU both took, in ms. */
const child = (specifier, make) => () => {
  const code = `const t = process.cpuUsage(); const m = await import(${JSON.stringify(specifier)}); (${make})(m); const c = process.cpuUsage(t); console.log((c.user + c.system) / 1000);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: here, encoding: 'utf8', env: { ...process.env, NEMO_LOG: 'off' } });
  if (run.status !== 0) throw new Error(run.stderr);
  return Number(run.stdout.trim());
};

const results = await interleaved(
  {
    nemo: child(nemo, (m) => new m.NemoVideo({ token: 'nmv_usr_bench' })),
    openai: child('openai', (m) => new m.default({ apiKey: 'sk-bench' })),
    fal: child('@fal-ai/client', (m) => m.fal.config({ credentials: 'bench' })),
  },
  reps,
);

printRows([
  ratioRow({ bench: 'cold start', what: "import 'nemo-video' + new NemoVideo()", reference: 'openai (import + new OpenAI())', unit: 'ms CPU', values: results.nemo, refValues: results.openai }),
  ratioRow({ bench: 'cold start', what: "import 'nemo-video' + new NemoVideo()", reference: '@fal-ai/client (import + fal.config())', unit: 'ms CPU', values: results.nemo, refValues: results.fal }),
]);
