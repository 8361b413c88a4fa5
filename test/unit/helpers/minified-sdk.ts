import { build } from 'esbuild';
import type * as Sdk from '../../../src/index.js';

/** An error class, as a copy of the SDK exports it. */
export type ErrorClass = new (...args: unknown[]) => Error;

/**
 * The SDK's main entry bundled and minified (class names renamed, as in a browser app's bundle), loaded as a
 * module of its own: a second copy, beside the one the tests import from src/.
 */
export async function minifiedSdk(): Promise<typeof Sdk> {
  const result = await build({ entryPoints: ['src/index.ts'], bundle: true, minify: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0]!.contents).toString('base64')}`);
}

/** The error classes a copy of the SDK exports, by their exported names. */
export const errorClassesOf = (sdk: object): Record<string, ErrorClass> =>
  Object.fromEntries(Object.entries(sdk).filter(([name, value]) => /^[A-Z]\w*Error$/.test(name) && typeof value === 'function')) as Record<string, ErrorClass>;
