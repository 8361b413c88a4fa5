// The Worker bundle both workerd drivers run: `file` (in the consumer project, where the packed nemo-video is
// installed) bundled by esbuild for the workerd conditions, as Wrangler would. Prints its size.
import { build } from 'esbuild';
import { join } from 'node:path';

/** The bundled script of `project/workerd/<file>`. */
export async function bundleWorker(project, file) {
  const bundled = await build({
    entryPoints: [join(project, 'workerd', file)],
    absWorkingDir: project,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker'],
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const script = bundled.outputFiles[0].text;
  console.log(`  bundle: ${(script.length / 1024).toFixed(1)} KB`);
  return script;
}
