// nemo-video/server's createProxy served by Deno.serve on 127.0.0.1, with the smoke workflow's client (in the same
// Deno process, over real HTTP) talking to the proxy only: proxyAuth(), no token in the client. Network on
// 127.0.0.1 alone (to listen, and to reach the emulator); no env, read or write permission.
//   deno run --node-modules-dir=manual --no-lock --allow-net=127.0.0.1 deno/proxy.ts http://127.0.0.1:PORT
import * as sdk from 'nemo-video';
import { createProxy } from 'nemo-video/server';
import { RESULT_MARKER, smoke } from '../smoke.mjs';

const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => {} }, createProxy({ baseURL: Deno.args[0]! }));
try {
  const result = await smoke(sdk, `http://127.0.0.1:${server.addr.port}/api/nemo`, {
    runtime: `deno ${Deno.version.deno} proxy`,
    log: (line: string) => console.log(`  ${line}`),
    client: { authStrategy: sdk.proxyAuth() },
  });
  console.log(RESULT_MARKER + JSON.stringify(result));
} finally {
  await server.shutdown();
}
