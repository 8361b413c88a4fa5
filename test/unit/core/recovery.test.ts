/**
 * The one map of recovery (src/core/recovery.ts): the docs show it as it is, and each recovery's code takes
 * its policy from it. The behaviour of each recovery is tested where it happens (retries, chat-errors,
 * renders, studio/recovery); this file holds the map to the code and the docs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { build } from 'esbuild';
import { BACKOFF_LIMIT_MS, DEFAULT_RETRY_AFTER_S, MAX_RETRY_AFTER_S, RECOVERY, RECOVERY_LIMITS, TRANSIENT_STATUSES } from '../../../src/core/recovery.js';

const root = join(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the recovery map', () => {
  test('docs/errors.md shows every recovery as the map states it', () => {
    const docs = read('docs/errors.md');
    for (const [name, r] of Object.entries(RECOVERY)) {
      expect(docs, name).toContain(`| \`${name}\` | ${r.on} | ${r.calls} | ${r.where} | ${r.times} | ${r.off} |`);
    }
  });

  test.each(Object.entries(RECOVERY))('%s: the file its entry names takes its numbers from the map', (name, { where, times }) => {
    const file = /\b((?:[\w-]+\/)+[\w-]+\.ts)\b/.exec(where)?.[1] ?? 'core/transport.ts';
    const source = read(join('src', file));
    expect(source).toMatch(/from '\.\.?\/(core\/)?recovery\.js'/);
    if (name === 'transient') expect(source).toContain('TRANSIENT_STATUSES');
    else {
      expect(source).toContain(`RECOVERY_LIMITS.${name}`);
      expect(times).toMatch(/^once/);
      expect(RECOVERY_LIMITS[name as keyof typeof RECOVERY_LIMITS]).toBe(1);
    }
  });

  test('the descriptions give the numbers the code uses', () => {
    for (const status of TRANSIENT_STATUSES) expect(RECOVERY.transient.on).toContain(String(status));
    expect(RECOVERY.transient.times).toContain(`at most ${BACKOFF_LIMIT_MS / 1000} s apart`);
    expect(RECOVERY.rateLimit.where).toContain(`(${DEFAULT_RETRY_AFTER_S} s, as the service documents, when it names none or none readable)`);
    expect(RECOVERY.rateLimit.times).toContain(`at most ${MAX_RETRY_AFTER_S} s`);
    expect(RECOVERY.transient.where).toContain(`Retry-After of at most ${MAX_RETRY_AFTER_S} s`);
    expect(RECOVERY.transient.times).toContain(`(at most ${MAX_RETRY_AFTER_S} s)`);
  });

  test("the map's descriptions stay out of an app's bundle; the numbers go in", async () => {
    const result = await build({
      stdin: { contents: "export { NemoVideo } from './src/index.ts';", resolveDir: root, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'error',
    });
    const bundle = result.outputFiles[0]!.text;
    expect(bundle).toContain('8e3'); // BACKOFF_LIMIT_MS, minified
    expect(bundle).not.toContain(RECOVERY.rateLimit.calls);
  });
});
