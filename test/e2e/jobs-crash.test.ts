/**
 * nemo-video/jobs across a real crash: a job runs in a child process (the built package, fileJobStore,
 * nodeJobFiles) against the emulator over HTTP; the process is killed with SIGKILL right after each
 * checkpoint reaches the disk, then run again. The emulator's log shows nothing done twice.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeHome, startNode } from './helpers/cli.js';
import { PATHS, useEmulatorServer } from './helpers/server.js';

const JOB = resolve(import.meta.dirname, 'helpers/job-process.mjs');
const built = existsSync(resolve('dist/jobs.js')) && existsSync(resolve('dist/node.js'));
const server = useEmulatorServer({ render: 'tiny', renderMs: 100, credits: 100_000 });

const CHECKPOINTS = [
  'session:creating', 'session:created',
  'upload:0:sending', 'upload:0:sent',
  ...[0, 1].flatMap((i) => [`message:${i}:sending`, `message:${i}:sent`, `message:${i}:confirmed`]),
  'render:submitting', 'render:submitted', 'render:completed',
  'download:saving', 'done',
];

describe.skipIf(!built)('a job killed with SIGKILL at each checkpoint, then run again', () => {
  test.each(CHECKPOINTS)('killed at %s', async (checkpoint) => {
    const home = await makeHome('nemo-jobs-');
    await writeFile(join(home, 'cover.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    const spec = JSON.stringify({ id: 'teaser', script: 'Rain on a tin roof. A cat sleeps by the stove.', images: [join(home, 'cover.png')], edits: ['add lo-fi background music'], out: join(home, 'teaser.mp4') });
    const { token } = server.emulator.createUser({ credits: 100_000, anonymous: false });
    const env = { NEMO_BASE_URL: server.url, NEMO_TOKEN: token };
    const store = join(home, 'jobs');
    const since = server.emulator.requests.length;

    const first = startNode(JOB, [store, spec, checkpoint], { home, env });
    await first.waitForStdout(new RegExp(`^checkpoint ${checkpoint}$`));
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    expect(JSON.parse(await readFile(join(store, 'teaser.json'), 'utf8')).checkpoint).toBe(checkpoint);

    const second = await startNode(JOB, [store, spec, ''], { home, env }).done;
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(/^result (.*)$/m.exec(second.stdout)![1]!);
    const log = server.emulator.requests.slice(since);
    const posts = (path: string) => log.filter((r) => r.method === 'POST' && r.path.startsWith(path) && r.status === 200).length;
    expect(posts(PATHS.createSession)).toBe(1);
    expect(posts('/api/upload-video/')).toBe(1);
    const sending = /^message:(\d):sending$/.exec(checkpoint);
    if (sending) {
      // died after "about to send", before sending: confirmed by state (no change), left for a person, not re-sent
      expect(result).toMatchObject({ status: 'needs_attention', attention: { reason: 'unconfirmed_message' } });
      expect(posts(PATHS.chat)).toBe(Number(sending[1]));
      expect(posts(PATHS.renders)).toBe(0);
      return;
    }
    expect(result).toMatchObject({ status: 'done', file: join(home, 'teaser.mp4') });
    expect(posts(PATHS.chat)).toBe(2);
    expect(log.filter((r) => r.method === 'POST' && r.path === PATHS.renders).length).toBe(1);
    expect((await readFile(join(home, 'teaser.mp4'))).subarray(4, 8).toString('latin1')).toBe('ftyp');
  });
});
