/**
 * The one place that picks the Chromium every browser test launches (the vitest `browser` project and the
 * playwright e2e tests), so that `npm ci && npm test` needs nothing but Node and npm. The pick, in order:
 *
 * 1. `NEMO_CHROMIUM=/path/to/chromium` when set (for example Debian's `/usr/bin/chromium`), as given.
 * 2. On Linux x64: the headless Chromium that the pinned `@sparticuz/chromium` devDependency ships inside its
 *    npm package, with the NSS/NSPR/expat libraries it bundles for Amazon Linux, so it starts on a machine
 *    with only libc. It is used even when Debian's chromium is installed: the same binary on every machine
 *    (the lockfile pins its hash), which an apt upgrade does not move, and no wrapper script around it.
 *    Decompressed on first use into node_modules/.cache/nemo-video-chromium/<version>/ (about 2 s, 200 MB).
 * 3. Elsewhere (that binary is Linux x64 only): Playwright's own lookup, which says how to get a browser.
 *
 * The arguments turn the background services off, since this machine's closed network refuses them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launch options for playwright's `chromium.launch` and `@vitest/browser-playwright`'s `launchOptions`. */
export interface ChromiumLaunch {
  executablePath?: string;
  args: string[];
  env?: Record<string, string>;
}

export const CHROMIUM: ChromiumLaunch = pickChromium();

function pickChromium(): ChromiumLaunch {
  const chosen = process.env.NEMO_CHROMIUM;
  if (chosen) return { executablePath: chosen, args: ARGS };
  if (process.platform !== 'linux' || process.arch !== 'x64') return { args: ARGS };
  const dir = extractNpmChromium();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env.LD_LIBRARY_PATH = [join(dir, 'lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  env.FONTCONFIG_FILE = join(dir, 'fonts.conf');
  return { executablePath: join(dir, 'chromium'), args: ARGS, env };
}

/**
 * Decompresses the package's `bin/` (the browser, its libraries, SwiftShader and fonts) once per package
 * version into `<cacheRoot>/<version>/` and returns that folder. Safe when several processes start at once
 * (vitest's config, an e2e test file, a second clone's run): each one fills a folder of its own and publishes
 * it with one rename, so the final folder exists only when complete; a process that loses the race drops its
 * copy and uses the winner's. (The package's own `executablePath()` is not: it writes to a fixed /tmp/chromium
 * and hands a second process the half-written file.)
 */
export function extractNpmChromium(cacheRoot?: string): string {
  // The package's entry is build/cjs/index.cjs; its binaries are in bin/ beside build/, where it finds them itself.
  const packageRoot = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const bin = join(packageRoot, 'bin');
  const dir = join(cacheRoot ?? join(packageRoot, '..', '..', '.cache', 'nemo-video-chromium'), version);
  if (existsSync(dir)) return dir;

  const partial = `${dir}.partial-${process.pid}-${Date.now()}`;
  mkdirSync(partial, { recursive: true });
  try {
    writeFileSync(join(partial, 'chromium'), brotliDecompressSync(readFileSync(join(bin, 'chromium.br'))), { mode: 0o755 });
    // al2023.tar.br holds lib/ (NSS, NSPR, expat); swiftshader.tar.br the GL libraries that Chromium loads
    // from its own folder; fonts.tar.br a fonts/ folder (Open Sans), for a machine without fonts.
    for (const tarball of ['al2023.tar.br', 'swiftshader.tar.br', 'fonts.tar.br']) {
      execFileSync('tar', ['-x', '--no-same-owner', '-C', partial], { input: brotliDecompressSync(readFileSync(join(bin, tarball))) });
    }
    writeFileSync(
      join(partial, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(dir, 'fonts')}</dir>\n` +
        `  <dir>/usr/share/fonts</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    renameSync(partial, dir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    // Another process published the same version first: its copy is complete, and the same.
    if (existsSync(dir)) return dir;
    throw error;
  }
  return dir;
}
