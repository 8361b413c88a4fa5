// Node, ES module: `import` picks the package's ESM build (exports["."].import). Run by node20-esm and node22.
//   node node-esm/index.mjs http://127.0.0.1:PORT   (from a project where the packed nemo-video is installed)
import * as sdk from 'nemo-video';
import { RESULT_MARKER, smoke } from '../smoke.mjs';

const loaded = import.meta.resolve('nemo-video').split('/node_modules/nemo-video/').pop();
const result = await smoke(sdk, process.argv[2], { runtime: `node ${process.versions.node} esm`, log: (line) => console.log(`  ${line}`) });
console.log(RESULT_MARKER + JSON.stringify({ ...result, loaded }));
