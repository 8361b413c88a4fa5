import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Credentials, TokenStore } from '../core/auth/token-store.js';

/**
 * The default credentials file: `$XDG_CONFIG_HOME/nemo-video/credentials.json`, else
 * `~/.config/nemo-video/credentials.json`.
 *
 * @example
 * ```ts
 * console.log(defaultCredentialsPath()); // /home/me/.config/nemo-video/credentials.json
 * ```
 */
export function defaultCredentialsPath(): string {
  const base = process.env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config');
  return join(base, 'nemo-video', 'credentials.json');
}

/**
 * Keeps the anonymous token and client id in a file readable only by you (mode 0600), so a CLI or bot keeps
 * one identity and its credits across runs.
 *
 * @example
 * ```ts
 * import { NemoVideo } from 'nemo-video';
 * import { fileTokenStore } from 'nemo-video/node';
 * const nv = new NemoVideo({ tokenStore: fileTokenStore() });
 * ```
 */
export function fileTokenStore(path: string = defaultCredentialsPath()): TokenStore {
  return {
    async get() {
      try {
        const saved = JSON.parse(await readFile(path, 'utf8')) as Credentials;
        return typeof saved?.clientId === 'string' ? saved : undefined;
      } catch {
        return undefined; // missing or corrupt: a new token is acquired and the file rewritten
      }
    },
    async set(credentials) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      // Write then rename, so a crash never leaves half a file; the mode is set at creation.
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(credentials, null, 2), { mode: 0o600 });
      await rename(temporary, path);
    },
    async clear() {
      await rm(path, { force: true });
    },
  };
}
