// A Cloudflare Worker that runs the smoke workflow on each request and answers with its summary as JSON.
// driver.mjs bundles it with esbuild (--conditions=workerd,worker) and runs it in workerd through miniflare.
import * as sdk from 'nemo-video';
import { smoke } from '../smoke.mjs';

export default {
  async fetch(request) {
    const api = new URL(request.url).searchParams.get('api');
    try {
      return Response.json(await smoke(sdk, api, { runtime: `workerd (${navigator.userAgent})` }));
    } catch (error) {
      return Response.json({ ok: false, error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
