/**
 * Many jobs at once share the run's stop signal: each job listens on a signal of its own, derived from it, so
 * Node never warns of a listener leak (MaxListenersExceededWarning at 11 listeners on one signal) however high
 * the concurrency, and an abort still reaches every job.
 */
import { afterEach, expect, test } from 'vitest';
import { memoryJobStore, runJobs } from '../../../src/jobs/index.js';
import { FAST, jobsSetup } from '../helpers/jobs.js';
import { rejectionOf } from '../helpers/outcome.js';

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
process.on('warning', onWarning);
afterEach(() => void (warnings.length = 0));

const specs = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `job-${i + 1}`, script: `Take ${i + 1}. The sea at dawn.` }));

test('16 jobs at concurrency 16, with a signal and without: no listener-leak warning', async () => {
  const setup = jobsSetup({ renderMs: 60 });
  const nv = setup.client();
  const results = await runJobs(nv, specs(16), { store: memoryJobStore(), concurrency: 16, timings: FAST, signal: new AbortController().signal });
  expect(results.every((r) => r.status === 'done')).toBe(true);
  await runJobs(nv, specs(16), { store: memoryJobStore(), concurrency: 16, timings: FAST });
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
});

test('an abort still stops all 16 jobs, each at its next step', async () => {
  const setup = jobsSetup({ renderMs: 60_000 });
  const controller = new AbortController();
  const rendering = new Set<string>();
  const run = runJobs(setup.client(), specs(16), {
    store: memoryJobStore(),
    concurrency: 16,
    timings: FAST,
    signal: controller.signal,
    onUpdate: (u) => {
      if (u.type === 'checkpoint' && u.checkpoint === 'render:submitted') rendering.add(u.jobId);
      if (rendering.size === 16) controller.abort(new Error('stop'));
    },
  });
  expect((await rejectionOf(run)).message).toBe('stop');
  expect(rendering.size).toBe(16);
});
