// A pipeline process for the crash tests: runs one job (argv: the store's folder, the spec as JSON, and a
// checkpoint to stop dead at) with fileJobStore and nodeJobFiles, against NEMO_BASE_URL with NEMO_TOKEN. It
// prints `checkpoint <name>` once each checkpoint is on disk; at the one named it freezes, for the test to
// kill it there with SIGKILL. Run to its end, it prints `result <json>`.
import { writeSync } from 'node:fs';
import { NemoVideo } from 'nemo-video';
import { runVideoJob } from 'nemo-video/jobs';
import { fileJobStore, nodeJobFiles } from 'nemo-video/node';

const [dir, spec, freezeAt] = process.argv.slice(2);
const print = (line) => writeSync(1, `${line}\n`);
const timings = { firstPoll: 5, pollEvery: 5, maxPolls: 2, renderInterval: 10, renderMaxDuration: 30_000 };
const result = await runVideoJob(new NemoVideo({ maxRetries: 0 }), JSON.parse(spec), {
  store: fileJobStore(dir),
  files: nodeJobFiles,
  timings,
  onUpdate(update) {
    if (update.type !== 'checkpoint') return;
    print(`checkpoint ${update.checkpoint}`);
    // Stopped dead, nothing more runs: no timer, no request, no write. The test kills the process here.
    if (update.checkpoint === freezeAt) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
print(`result ${JSON.stringify(result)}`);
