import { build } from 'esbuild';
import { expect, test } from 'vitest';

// Browser apps ship minified code, where class names become `a`, `b`…: `err.name` must still say what it is.
test('every error class keeps its name in a minified bundle', async () => {
  const result = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  const source = Buffer.from(result.outputFiles[0]!.contents).toString('base64');
  const sdk: Record<string, unknown> = await import(`data:text/javascript;base64,${source}`);
  const errorClasses = Object.entries(sdk).filter(([name, value]) => typeof value === 'function' && /^[A-Z]\w*Error$/.test(name));
  expect(errorClasses.length).toBeGreaterThanOrEqual(15);
  for (const [exported, Class] of errorClasses) {
    const instance = Reflect.construct(Class as new (...args: unknown[]) => Error, ['x', {}]) as Error;
    expect(instance.name, exported).toBe(exported);
  }
});
