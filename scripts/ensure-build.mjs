// Builds dist/ when it is missing, for the scripts that read it: the type check and typedoc (through
// test/browser/sdk.ts), vitest's examples, e2e and browser projects, the size and package checks, and the MCP
// example. The package has no `prepare` script (npm flags a published one as an install script), so `npm ci`
// does not build; `npm test`, `npm run demo` and `npm pack` (its `prepack`) build by themselves.
// A build that is there is not rebuilt: after editing src/, run `npm run build` (or `npm test`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every file the exports map and `bin` point to. */
const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap(targets));
const missing = [...targets(pkg.exports), ...targets(pkg.bin)].filter((file) => !existsSync(join(root, file)));

if (missing.length) {
  console.error(`${missing[0].replace(/^\.\//, '')} is missing: building the package first (npm run build).`);
  const result = spawnSync('npm', ['run', 'build', '--silent', '--', '--silent'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(result.status ?? 1);
}
