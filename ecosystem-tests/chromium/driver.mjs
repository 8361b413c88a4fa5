// Runs the smoke workflow in headless Chromium: bundles page.mjs (in the consumer project, where the packed
// nemo-video is installed) with esbuild for the browser, serves it from 127.0.0.1 on a port of its own, opens it
// with playwright and calls the page's runSmoke(). Chromium is launched as the repository's browser tests launch
// it (test/chromium.ts), with playwright from the repository's devDependencies.
//   node chromium/driver.mjs <consumer project> http://127.0.0.1:PORT
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RESULT_MARKER } from '../smoke.mjs';

const [project, api] = process.argv.slice(2);
const root = fileURLToPath(new URL('../..', import.meta.url));

// test/chromium.ts is TypeScript: bundle it (its own imports included, packages left to Node) into the repo's
// .tmp/, one level under the root like test/, so paths it builds from import.meta.url and packages it imports
// resolve as they do for the browser tests.
const optionsFile = join(root, '.tmp', 'ecosystem-chromium.mjs');
await build({ entryPoints: [join(root, 'test', 'chromium.ts')], outfile: optionsFile, bundle: true, packages: 'external', format: 'esm', platform: 'node', logLevel: 'error' });
const { CHROMIUM } = await import(pathToFileURL(optionsFile).href);
const { chromium } = createRequire(join(root, 'package.json'))('playwright');

const bundled = await build({
  entryPoints: [join(project, 'chromium', 'page.mjs')],
  absWorkingDir: project,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'error',
});
const script = bundled.outputFiles[0].text;
console.log(`  bundle: ${(script.length / 1024).toFixed(1)} KB`);

const page = { '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>smoke</title><script type="module" src="/page.js"></script>'], '/page.js': ['text/javascript', script] };
const server = createServer((request, response) => {
  const [type, body] = page[request.url] ?? ['text/plain', 'not found'];
  response.writeHead(page[request.url] ? 200 : 404, { 'content-type': type }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ ...CHROMIUM, headless: true });
try {
  const tab = await browser.newPage();
  const problems = [];
  tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  tab.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  await tab.goto(origin);
  await tab.waitForFunction(() => typeof globalThis.runSmoke === 'function');
  const result = await tab.evaluate((url) => globalThis.runSmoke(url), api);
  if (!result.ok) throw new Error(`${result.error}${problems.length ? `\n${problems.join('\n')}` : ''}`);
  console.log(RESULT_MARKER + JSON.stringify(result));
} finally {
  await browser.close();
  server.close();
}
