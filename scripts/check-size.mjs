// Bundles the isomorphic entry for browsers, with every dependency, as an app would, and fails past the
// budget or on any `node:` import. Run after `npm run build`.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 14_000; // 14 KB min+gzip, as the tooling notes measure "KB"

const result = await build({
  stdin: { contents: "export * from './dist/index.js';", resolveDir: process.cwd() },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  metafile: true,
  logLevel: 'error',
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const nodeImports = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('node:') || /^(fs|path|url|os)$/.test(input));
const byPackage = {};
for (const [file, { bytesInOutput }] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
  const name = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'nemo-video';
  byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
}
console.log(`browser bundle: ${code.length} B minified, ${gzipped} B min+gzip (budget ${BUDGET_BYTES} B)`);
console.log('minified bytes by package:', byPackage);
if (nodeImports.length) console.error(`the browser bundle imports Node modules: ${nodeImports.join(', ')}`);
if (gzipped > BUDGET_BYTES) console.error(`over budget by ${gzipped - BUDGET_BYTES} B`);
process.exit(nodeImports.length || gzipped > BUDGET_BYTES ? 1 : 0);
