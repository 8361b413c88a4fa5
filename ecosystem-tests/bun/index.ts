// Bun, from TypeScript (Bun runs .ts as it is): `import` resolves the package as Bun does (its "bun" or
// "import" condition; this package has only "import").
//   bun bun/index.ts http://127.0.0.1:PORT
import * as sdk from 'nemo-video';
import { RESULT_MARKER, smoke } from '../smoke.mjs';

const result = await smoke(sdk, Bun.argv[2]!, { runtime: `bun ${Bun.version}`, log: (line: string) => console.log(`  ${line}`) });
console.log(RESULT_MARKER + JSON.stringify(result));
