// nemo-video/server's createProxy served by Bun.serve on 127.0.0.1, with the smoke workflow's client (in the same
// Bun process, over real HTTP) talking to the proxy only: proxyAuth(), no token in the client.
//   bun bun/proxy.ts http://127.0.0.1:PORT
import * as sdk from 'nemo-video';
import { createProxy } from 'nemo-video/server';
import { RESULT_MARKER, smoke } from '../smoke.mjs';

const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: createProxy({ baseURL: Bun.argv[2]! }) });
try {
  const result = await smoke(sdk, `${server.url.origin}/api/nemo`, {
    runtime: `bun ${Bun.version} proxy`,
    log: (line: string) => console.log(`  ${line}`),
    client: { authStrategy: sdk.proxyAuth() },
  });
  console.log(RESULT_MARKER + JSON.stringify(result));
} finally {
  server.stop(true);
}
