// Deno, from TypeScript, importing the package from the project's node_modules (--node-modules-dir=manual),
// with network access to the emulator's address alone.
//   deno run --node-modules-dir=manual --no-lock --allow-net=127.0.0.1:PORT deno/main.ts http://127.0.0.1:PORT
import * as sdk from 'nemo-video';
import { RESULT_MARKER, smoke } from '../smoke.mjs';

const result = await smoke(sdk, Deno.args[0]!, { runtime: `deno ${Deno.version.deno}`, log: (line: string) => console.log(`  ${line}`) });
console.log(RESULT_MARKER + JSON.stringify(result));
