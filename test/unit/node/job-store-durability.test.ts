/**
 * fileJobStore's write order, seen through node:fs/promises: the record goes to a new temporary file, is
 * flushed to disk, then renamed over the old one, then the folder is flushed. A crash at any point leaves the
 * old record or the new one.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import type { JobRecord } from '../../../src/jobs/index.js';

const calls: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const name = (path: unknown) => String(path).replace(/^.*\//, '');
  return {
    ...fs,
    open: async (path: string, flags: string) => {
      const handle = await fs.open(path, flags);
      calls.push(`open ${name(path)} ${flags}`);
      return new Proxy(handle, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (typeof value !== 'function' || !['writeFile', 'sync', 'close'].includes(String(key))) return typeof value === 'function' ? value.bind(target) : value;
          return async (...args: unknown[]) => {
            const result = await value.apply(target, args);
            calls.push(`${String(key)} ${name(path)}`);
            return result;
          };
        },
      });
    },
    rename: async (from: string, to: string) => {
      await fs.rename(from, to);
      calls.push(`rename ${name(from)} → ${name(to)}`);
    },
  };
});

test('temporary file, fsync, rename, then the folder fsynced', async () => {
  const { fileJobStore } = await import('../../../src/node/index.js');
  const dir = await mkdtemp(join(tmpdir(), 'nemo-jobs-'));
  const folder = dir.replace(/^.*\//, '');
  await fileJobStore(dir).set('a', { version: 1, id: 'a' } as JobRecord);
  const temporary = /^open (a\.json\.\d+\.\d+\.tmp) wx$/.exec(calls[0] ?? '')?.[1];
  expect(temporary).toBeDefined();
  expect(calls).toEqual([
    `open ${temporary} wx`,
    `writeFile ${temporary}`,
    `sync ${temporary}`,
    `close ${temporary}`,
    `rename ${temporary} → a.json`,
    `open ${folder} r`,
    `sync ${folder}`,
    `close ${folder}`,
  ]);
});
