/**
 * The Chromium that test/chromium.ts picks for every browser test (the vitest `browser` project and the
 * playwright e2e tests): it starts and loads a page from 127.0.0.1; the npm one needs nothing from the machine
 * but libc; and its first extraction is safe when two processes do it at once.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { chromium } from 'playwright';
import { expect, it } from 'vitest';
import { CHROMIUM } from '../chromium.js';

const ROOT = resolve(import.meta.dirname, '../..');
// Picked as it is on a machine with nothing but Node and npm (NEMO_CHROMIUM unset, Linux x64).
const npmChromium = !process.env.NEMO_CHROMIUM && process.platform === 'linux' && process.arch === 'x64';
const npmVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@sparticuz/chromium/package.json'), 'utf8')) as { version: string }).version;

it('launches and runs a page served from 127.0.0.1', async () => {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end('<title>static</title><script>document.title = `ran ${6 * 7}`</script>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(await page.title()).toBe('ran 42');
    // The npm package's version is its Chromium's major.
    if (npmChromium) expect(browser.version().split('.')[0]).toBe(npmVersion.split('.')[0]);
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
});

it.runIf(npmChromium)('needs no library from the machine beyond libc: the rest resolve in its own lib/', () => {
  const executable = CHROMIUM.executablePath!;
  const ldd = execFileSync('ldd', [executable], { env: CHROMIUM.env, encoding: 'utf8' });
  const resolved = [...ldd.matchAll(/^\s*(\S+) => (.+?)(?: \(0x[0-9a-f]+\))?$/gm)].map(([, name, path]) => ({ name: name!, path: path! }));
  expect(resolved.map(({ name }) => name)).toContain('libnss3.so');
  const fromMachine = resolved.filter(({ path }) => !path.startsWith(join(dirname(executable), 'lib') + '/'));
  // glibc and libgcc_s, which every Debian has (both are Essential packages).
  for (const { name, path } of fromMachine) expect(`${name} => ${path}`).toMatch(/^lib(c|m|dl|pthread|rt|gcc_s)\.so\.\d+ => \//);
});

it.runIf(npmChromium)('two processes extracting at once both get the complete browser, published once', async () => {
  // Under the project (ignored by git) so the extraction script resolves the package from node_modules.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const work = mkdtempSync(join(ROOT, '.tmp', 'chromium-extract-'));
  try {
    const script = join(work, 'extract.mjs');
    buildSync({
      stdin: { contents: "import { extractNpmChromium } from './test/chromium.ts'; console.log(extractNpmChromium(process.argv[2]));", resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: script,
      logLevel: 'error',
    });
    const cache = join(work, 'cache');
    // NEMO_CHROMIUM set: importing test/chromium.ts leaves the project's own cache alone.
    const extract = () =>
      new Promise<string>((done, fail) =>
        execFile(process.execPath, [script, cache], { env: { ...process.env, NEMO_CHROMIUM: 'unused' } }, (error, stdout) => (error ? fail(error) : done(stdout.trim()))),
      );
    const [first, second] = await Promise.all([extract(), extract()]);
    expect(first).toBe(join(cache, npmVersion));
    expect(second).toBe(first);
    expect(readdirSync(cache)).toEqual([npmVersion]); // the loser's partial copy is gone
    const version = execFileSync(join(first, 'chromium'), ['--version'], { env: { ...process.env, LD_LIBRARY_PATH: join(first, 'lib') }, encoding: 'utf8' });
    expect(version).toMatch(new RegExp(`^Chromium ${npmVersion.split('.')[0]}\\.`));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
