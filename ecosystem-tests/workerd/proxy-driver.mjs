// Runs nemo-video/server's createProxy in Cloudflare's workerd (plain, no nodejs_compat): bundles
// proxy-worker.mjs with esbuild for the workerd conditions, serves it with miniflare on 127.0.0.1, and runs the
// smoke workflow on this Node against it, with the consumer project's nemo-video and proxyAuth().
//   node workerd/proxy-driver.mjs <consumer project> http://127.0.0.1:PORT
import { bundleWorker } from './bundle.mjs';
import { Miniflare } from 'miniflare';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RESULT_MARKER, smoke } from '../smoke.mjs';

const [project, api] = process.argv.slice(2);
const script = await bundleWorker(project, 'proxy-worker.mjs');

const mf = new Miniflare({ modules: true, script, compatibilityDate: '2026-04-01', host: '127.0.0.1', port: 0, bindings: { API: api } });
try {
  const url = await mf.ready;
  const sdk = await import(pathToFileURL(join(project, 'node_modules', 'nemo-video', 'dist', 'index.js')).href);
  const result = await smoke(sdk, `${url.origin}/api/nemo`, {
    runtime: `workerd proxy (client on node ${process.versions.node})`,
    log: (line) => console.log(`  ${line}`),
    client: { authStrategy: sdk.proxyAuth() },
  });
  console.log(RESULT_MARKER + JSON.stringify(result));
} finally {
  await mf.dispose();
}
