import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { InvalidArgumentError, NemoVideoError } from '../../../src/index.js';
import { runVideoJob, type JobRecord } from '../../../src/jobs/index.js';
import { fileJobStore, nodeJobFiles } from '../../../src/node/index.js';
import { Crash, crashingStore, FAST, jobsSetup } from '../helpers/jobs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nemo-jobs-'));
});

const record = (id: string, more: Partial<JobRecord> = {}): JobRecord => ({
  version: 1,
  id,
  status: 'running',
  checkpoint: 'session:created',
  spec: { script: 'Cities never sleep.', images: [], edits: [] },
  sessionId: '5529798706024415232',
  uploads: [],
  messages: [],
  createdAt: 1,
  updatedAt: 2,
  ...more,
});

test('one readable JSON file per job: written, read back by another store on the same folder, listed, deleted', async () => {
  const store = fileJobStore(join(dir, 'jobs'));
  expect(await store.get('a')).toBeUndefined();
  expect(await store.list()).toEqual([]);
  await store.set('b', record('b'));
  await store.set('a', record('a'));
  await store.set('a', record('a', { checkpoint: 'done', status: 'done' }));

  const text = await readFile(join(dir, 'jobs', 'a.json'), 'utf8');
  expect(text).toBe(`${JSON.stringify(record('a', { checkpoint: 'done', status: 'done' }), null, 2)}\n`); // indented, for people
  const again = fileJobStore(join(dir, 'jobs')); // another process, say
  expect(await again.get('a')).toEqual(record('a', { checkpoint: 'done', status: 'done' }));
  expect(await again.list()).toEqual(['a', 'b']);
  await again.delete('a');
  expect(await store.get('a')).toBeUndefined();
  expect(await readdir(join(dir, 'jobs'))).toEqual(['b.json']); // no temporary file left behind
});

test('a temporary file a crash left half-written is ignored: the record read is the last whole one', async () => {
  const store = fileJobStore(dir);
  await store.set('a', record('a'));
  const whole = JSON.stringify(record('a', { checkpoint: 'upload:0:sending' }), null, 2);
  await writeFile(join(dir, 'a.json.4242.0.tmp'), whole.slice(0, whole.length / 2));
  expect(await store.get('a')).toEqual(record('a'));
  expect(await store.list()).toEqual(['a']);
  // and the next write goes through beside it
  await store.set('a', record('a', { checkpoint: 'upload:0:sending' }));
  expect((await store.get('a'))!.checkpoint).toBe('upload:0:sending');
});

test('a record that is not valid JSON is an error, never "not started" (which would start the job over and pay again)', async () => {
  await writeFile(join(dir, 'a.json'), '{"version": 1, "id": "a", "sta');
  const error = await fileJobStore(dir).get('a').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NemoVideoError);
  expect((error as Error).message).toContain('a.json is not valid JSON');
});

test('writes to many jobs at once each land whole', async () => {
  const store = fileJobStore(dir);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`job-${i}`, record(`job-${i}`, { updatedAt: i }))));
  expect(await store.list()).toHaveLength(20);
  for (let i = 0; i < 20; i++) expect((await store.get(`job-${i}`))!.updatedAt).toBe(i);
  expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
});

test.each([['../x'], ['a/b'], ['..'], ['']])('refuses the id %j: a record never lands outside the folder', async (id) => {
  await expect(fileJobStore(dir).set(id, record(id))).rejects.toBeInstanceOf(InvalidArgumentError);
  await expect(fileJobStore(dir).get(id)).rejects.toBeInstanceOf(InvalidArgumentError);
});

test('a job resumes from the folder after a crash, with a new store and client (a new process): nothing twice', async () => {
  const setup = jobsSetup();
  const spec = { id: 'teaser', script: 'Cities never sleep.', edits: ['add lo-fi background music'] };
  // dies right after "render:submitting" landed on disk (the 9th write)
  await expect(runVideoJob(setup.client(), spec, { store: crashingStore(fileJobStore(dir), 9), timings: FAST })).rejects.toBeInstanceOf(Crash);
  expect(JSON.parse(await readFile(join(dir, 'teaser.json'), 'utf8'))).toMatchObject({ checkpoint: 'render:submitting', render: { status: 'submitting' } });
  const result = await runVideoJob(setup.client(), spec, { store: fileJobStore(dir), timings: FAST });
  expect(result.status).toBe('done');
  expect(setup.sessions()).toHaveLength(1);
  expect(setup.chats(result.sessionId!)).toHaveLength(2);
  expect(setup.renders(result.sessionId!)).toEqual([result.renderId]);
});

test('nodeJobFiles: images given as paths are uploaded from disk, and out gets the MP4', async () => {
  const setup = jobsSetup();
  await writeFile(join(dir, 'cover.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  const out = join(dir, 'teaser.mp4');
  const spec = { id: 'teaser', script: 'Cities never sleep.', images: [join(dir, 'cover.png')], out };
  const result = await runVideoJob(setup.client(), spec, { store: fileJobStore(join(dir, 'jobs')), files: nodeJobFiles, timings: FAST });
  expect(result).toMatchObject({ status: 'done', file: out });
  expect(setup.uploads(result.sessionId!)).toHaveLength(1);
  const mp4 = await readFile(out);
  expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
});
