/**
 * `nemo-video/node`: what an SDK user on Node needs beyond the isomorphic client: a token store in a file,
 * files opened for upload, downloads written to disk, and for `nemo-video/jobs` a job store in files
 * (`fileJobStore`) and local files for jobs (`nodeJobFiles`). The emulator's server lives in
 * `nemo-video/testing/server`.
 *
 * @example
 * ```ts
 * import { NemoVideo } from 'nemo-video';
 * import { downloadToFile, fileTokenStore, openFile } from 'nemo-video/node';
 *
 * const nv = new NemoVideo({ tokenStore: fileTokenStore() });
 * const session = await nv.sessions.create();
 * await nv.uploads.create(session.id, { file: await openFile('cover.png') });
 * ```
 *
 * @module
 */
export { fileTokenStore, defaultCredentialsPath } from './file-token-store.js';
export { openFile, downloadToFile } from './files.js';
export { fileJobStore } from './file-job-store.js';
export { nodeJobFiles } from './job-files.js';
