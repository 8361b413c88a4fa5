// Runs the smoke workflow in Cloudflare's workerd: bundles worker.mjs (in the consumer project, where the packed
// nemo-video is installed) with esbuild for the workerd conditions, starts it with miniflare, sends it one request
// and prints the Worker's JSON answer. Runs on the runner's Node from ecosystem-tests/, where esbuild and
// miniflare are installed.
//   node workerd/driver.mjs <consumer project> http://127.0.0.1:PORT
import { bundleWorker } from './bundle.mjs';
import { Miniflare } from 'miniflare';
import { RESULT_MARKER } from '../smoke.mjs';

const [project, api] = process.argv.slice(2);
const script = await bundleWorker(project, 'worker.mjs');

// No nodejs_compat flag: the SDK's main entry must run on plain workerd.
const mf = new Miniflare({ modules: true, script, compatibilityDate: '2026-04-01', host: '127.0.0.1' });
try {
  const response = await mf.dispatchFetch(`http://127.0.0.1/smoke?api=${encodeURIComponent(api)}`);
  const result = await response.json();
  if (!result.ok) throw new Error(`the Worker answered ${response.status}: ${result.error ?? JSON.stringify(result)}`);
  console.log(RESULT_MARKER + JSON.stringify(result));
} finally {
  await mf.dispose();
}
