import type { JobFiles } from '../jobs/job-files.js';
import { downloadToFile, openFile } from './files.js';

/**
 * Local files for `nemo-video/jobs`: images given as paths are opened with {@link openFile} (streamed from
 * disk), and a spec's `out` is saved with {@link downloadToFile} (no partial file on failure).
 *
 * @example
 * ```ts
 * import { runJobs } from 'nemo-video/jobs';
 * import { fileJobStore, nodeJobFiles } from 'nemo-video/node';
 *
 * await runJobs(nv, [{ id: 'a', script: 'Cities never sleep.', images: ['shots/city.jpg'], out: 'out/a.mp4' }], {
 *   store: fileJobStore('.jobs'),
 *   files: nodeJobFiles,
 * });
 * ```
 */
export const nodeJobFiles: JobFiles = { open: openFile, save: downloadToFile };
