// Node, CommonJS: `require` picks the package's CommonJS build (exports["."].require). Run by node20-cjs under
// --no-experimental-require-module (so the build must not require an ESM-only dependency) and by node24, where
// require(esm) is on and must still pick the CommonJS build.
//   node --no-experimental-require-module node-cjs/index.cjs http://127.0.0.1:PORT
'use strict';
const sdk = require('nemo-video');

const loaded = require.resolve('nemo-video').replaceAll('\\', '/').split('/node_modules/nemo-video/').pop();
// smoke.mjs imports nothing, so a dynamic import() of it is fine from CommonJS on every Node.
import('../smoke.mjs')
  .then(({ RESULT_MARKER, smoke }) =>
    smoke(sdk, process.argv[2], { runtime: `node ${process.versions.node} cjs`, log: (line) => console.log(`  ${line}`) }).then((result) =>
      console.log(RESULT_MARKER + JSON.stringify({ ...result, loaded })),
    ),
  )
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
