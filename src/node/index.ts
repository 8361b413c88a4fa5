export { fileTokenStore, defaultCredentialsPath } from './file-token-store.js';
export { openFile, downloadToFile } from './files.js';
export { startEmulator, type StartEmulatorOptions, type RunningEmulator } from './emulator-server.js';
export type { RunningServer } from './serve.js';
