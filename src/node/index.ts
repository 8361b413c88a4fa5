/**
 * `nemo-video/node`: what an SDK user on Node needs beyond the isomorphic client: a token store in a file,
 * files opened for upload, and downloads written to disk. The emulator's server lives in
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
