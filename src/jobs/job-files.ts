import type { NemoVideo } from '../client.js';
import type { CallOptions } from '../core/call-options.js';

/**
 * How a job reaches local files, which isomorphic code cannot: opening an image given as a path, and saving
 * the MP4 to a spec's `out`. `nemo-video/node` provides them as `nodeJobFiles`; a browser or a worker passes
 * none (and gives images as URLs or Blobs, and takes the result's URL).
 *
 * @example
 * ```ts
 * import { nodeJobFiles } from 'nemo-video/node';
 * await runJobs(nv, specs, { store, files: nodeJobFiles });
 * ```
 */
export interface JobFiles {
  /** Opens the file at `path` for upload (its name tells its type). Node: `openFile`. */
  open(path: string): Promise<Blob>;
  /**
   * Saves the MP4 at `url` to `path`, leaving no partial file on failure (a job saves again when resumed).
   * Node: `downloadToFile`.
   */
  save(client: NemoVideo, url: string, path: string, options: CallOptions): Promise<unknown>;
}
