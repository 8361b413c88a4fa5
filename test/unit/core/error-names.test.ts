import { expect, test } from 'vitest';
import { errorClassesOf, minifiedSdk } from '../helpers/minified-sdk.js';

// Browser apps ship minified code, where class names become `a`, `b`…: `err.name` must still say what it is.
test('every error class keeps its name in a minified bundle', async () => {
  const errorClasses = Object.entries(errorClassesOf(await minifiedSdk()));
  expect(errorClasses.length).toBeGreaterThanOrEqual(15);
  for (const [exported, Class] of errorClasses) {
    const instance = Reflect.construct(Class, ['x', {}]) as Error;
    expect(instance.name, exported).toBe(exported);
  }
});
