/**
 * Benchmark: the browser bundle of the client entry (`import { NemoVideo } from 'nemo-video'`, one call), with
 * all its dependencies, minified and gzipped, against openai's, @fal-ai/client's and replicate's doing the
 * same. Sizes do not vary between runs: one measurement each (reps 1).
 *
 *   node bench/bundle.mjs
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { printRows, ratioRow } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));

async function size(contents) {
  const result = await build({
    stdin: { contents, resolveDir: here },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    // The SDKs' Node-only fallbacks (openai's, replicate's) are not part of a browser bundle.
    external: ['node:*'],
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

const nemo = await size(`import { NemoVideo } from '${join(here, '..', 'dist', 'index.js')}'; export const c = new NemoVideo({ token: 'x' }).credits.balance();`);
const references = {
  'openai (new OpenAI(), one call)': await size(`import OpenAI from 'openai'; export const c = new OpenAI({ apiKey: 'x', dangerouslyAllowBrowser: true }).models.list();`),
  '@fal-ai/client (fal.subscribe)': await size(`import { fal } from '@fal-ai/client'; export const c = fal.subscribe('x', { input: {} });`),
  'replicate (new Replicate(), one call)': await size(`import Replicate from 'replicate'; export const c = new Replicate({ auth: 'x' }).models.list();`),
};

printRows(
  Object.entries(references).map(([reference, bytes]) =>
    ratioRow({ bench: 'bundle', what: "client entry, min+gzip", reference, unit: 'B', values: [nemo], refValues: [bytes] }),
  ),
);
