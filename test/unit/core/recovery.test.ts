/**
 * The one map of recovery (src/core/recovery.ts): the docs show it as it is, and each recovery's code takes
 * its policy from it. The behaviour of each recovery is tested where it happens (retries, chat-errors,
 * renders, studio/recovery); this file holds the map to the code and the docs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RECOVERY } from '../../../src/core/recovery.js';

const root = join(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the recovery map', () => {
  test('docs/errors.md shows every recovery as the map states it', () => {
    const docs = read('docs/errors.md');
    for (const [name, r] of Object.entries(RECOVERY)) {
      expect(docs, name).toContain(`| \`${name}\` | ${r.on} | ${r.calls} | ${r.where} | ${r.times} | ${r.off} |`);
    }
  });

  test.each(Object.entries(RECOVERY))('%s: the file its entry names takes its policy from the map', (name, { where }) => {
    const file = /\b([\w-]+\/[\w-]+\.ts)\b/.exec(where)?.[1] ?? 'core/transport.ts';
    const source = read(join('src', file));
    expect(source).toMatch(/from '\.\.?\/(core\/)?recovery\.js'/);
    expect(source).toContain(`RECOVERY.${name}`);
  });
});
