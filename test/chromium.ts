/**
 * How every browser test launches Chromium: Debian's build, never a downloaded one (no `playwright install`
 * on these machines), with the background services off, since this machine's closed network refuses them.
 */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};
