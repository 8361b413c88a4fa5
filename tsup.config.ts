import { defineConfig } from 'tsup';

// One entry per room (src/README.md). `index`, `studio`, `server`, `jobs`, `testing` and `testing-msw` are isomorphic; `node` and
// `testing-server` are Node only. Shared code is split into chunks so that an error class is one class across
// entries (instanceof works whichever entry threw it).
const entry = {
  index: 'src/index.ts',
  studio: 'src/studio/index.ts',
  server: 'src/server/index.ts',
  jobs: 'src/jobs/index.ts',
  node: 'src/node/index.ts',
  testing: 'src/testing/index.ts',
  'testing-msw': 'src/testing/msw.ts',
  'testing-server': 'src/testing/server/index.ts',
};
// What the library's two formats share; each adds its format and platform. Declarations leave out what is marked
// `@internal` (the resources' constructors, which take the internal transport), so internal types stay out of them.
const library = {
  entry,
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  splitting: true,
  target: 'es2022',
  outDir: 'dist',
} as const;

export default defineConfig([
  // ESM: dependencies stay external, so bundlers dedupe and tree-shake them.
  { ...library, format: ['esm'], platform: 'neutral' },
  // CJS: ky and eventsource-parser are ESM-only, so they are bundled in; this keeps require() working on
  // Node versions (and Jest) that cannot require ESM.
  {
    ...library,
    format: ['cjs'],
    platform: 'node',
    noExternal: ['ky', 'eventsource-parser'],
    // CJS has no import.meta; the platform detection falls back to __filename there.
    define: { 'import.meta.url': 'undefined' },
  },
  // The CLI: ESM for Node only, run through the package's `bin`. It uses the package through its public
  // entry points, which stay imports (Node resolves them to this package's own dist), so the SDK is not
  // bundled a second time. No source map: its stack traces point into the library's own mapped files.
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    outDir: 'dist',
    external: [/^nemo-video(\/|$)/],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
