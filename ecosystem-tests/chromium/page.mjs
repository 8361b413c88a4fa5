// The page's script: bundled by driver.mjs with esbuild for the browser, served from its own origin on
// 127.0.0.1 (so every API call is a cross-origin request: the emulator's CORS is part of the test).
import * as sdk from 'nemo-video';
import { smoke } from '../smoke.mjs';

globalThis.runSmoke = (api) =>
  smoke(sdk, api, { runtime: `chromium (${navigator.userAgent})` }).catch((error) => ({ ok: false, error: String(error?.stack ?? error) }));
