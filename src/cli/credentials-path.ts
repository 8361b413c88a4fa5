import { dirname, join } from 'node:path';
import { DEFAULT_BASE_URL } from 'nemo-video';
import { defaultCredentialsPath } from 'nemo-video/node';

/**
 * The credentials file for an API: `credentials.json` (in `$XDG_CONFIG_HOME/nemo-video/`, else
 * `~/.config/nemo-video/`) for the production API, and `credentials.<host>.json` beside it for any other
 * (an emulator, a dev twin). A token is only ever sent to the server that issued it.
 */
export function credentialsPathFor(baseURL: string): string {
  const path = defaultCredentialsPath();
  const { host } = new URL(baseURL);
  if (host === new URL(DEFAULT_BASE_URL).host) return path;
  return join(dirname(path), `credentials.${host.replace(/[^\w.-]+/g, '-')}.json`);
}
