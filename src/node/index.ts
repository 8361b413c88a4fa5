export { fileTokenStore, defaultCredentialsPath } from './file-token-store.js';
export { openFile, downloadToFile } from './files.js';
