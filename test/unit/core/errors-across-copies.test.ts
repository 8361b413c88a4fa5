// An app that `import`s nemo-video while a dependency `require`s it holds two copies of every error class in one
// process. Every error class keeps its name under a key all copies share, so each copy recognises the other's
// errors: `isNemoVideoError`, and `instanceof` for each class with the answers it gives within one copy. The
// second copy here is the SDK bundled and minified (its class names renamed), loaded as a module of its own.
// scripts/check-consumers.mjs checks the same with the packed ESM and CommonJS builds.
import { beforeAll, expect, test } from 'vitest';
import * as here from '../../../src/index.js';
import { errorClassesOf as classesOf, minifiedSdk } from '../helpers/minified-sdk.js';

type Sdk = typeof here;

let other: Sdk;

beforeAll(async () => {
  other = await minifiedSdk();
});

const names = Object.keys(classesOf(here)).sort();
/** An error of the class `name` made by `sdk` (every constructor takes these arguments). */
const make = (sdk: Sdk, name: string) => Reflect.construct(classesOf(sdk)[name]!, ['x', {}]) as Error;

test('the two copies have class objects of their own, the same classes by name', () => {
  expect(names.length).toBeGreaterThanOrEqual(16);
  expect(Object.keys(classesOf(other)).sort()).toEqual(names);
  for (const name of names) expect(classesOf(other)[name], name).not.toBe(classesOf(here)[name]);
});

test('isNemoVideoError of either copy recognises the errors of both', () => {
  for (const name of names) {
    for (const [maker, checker] of [
      [here, here],
      [here, other],
      [other, here],
      [other, other],
    ] as const) {
      expect(checker.isNemoVideoError(make(maker, name)), name).toBe(true);
    }
  }
});

test('instanceof gives across copies the answers it gives within one, for every pair of classes', () => {
  for (const made of names) {
    for (const asked of names) {
      const within = make(here, made) instanceof classesOf(here)[asked]!;
      expect(make(other, made) instanceof classesOf(here)[asked]!, `${made} instanceof ${asked}`).toBe(within);
      expect(make(here, made) instanceof classesOf(other)[asked]!, `${made} instanceof ${asked}`).toBe(within);
    }
  }
  // The same, said plainly: a class matches itself and its ancestors, never a sibling or a subclass.
  const rateLimited = new other.RateLimitError(5, { status: 429 });
  expect(rateLimited).toBeInstanceOf(here.RateLimitError);
  expect(rateLimited).toBeInstanceOf(here.APIError);
  expect(rateLimited).toBeInstanceOf(here.NemoVideoError);
  expect(rateLimited).toBeInstanceOf(Error);
  expect(rateLimited instanceof here.AuthenticationError).toBe(false);
  expect(rateLimited instanceof here.APIConnectionError).toBe(false);
  expect(new other.APITimeoutError('slow') instanceof here.APIConnectionError).toBe(true);
  expect(new other.APIConnectionError('down') instanceof here.APITimeoutError).toBe(false);
  expect(new other.NemoVideoError('x') instanceof here.APIError).toBe(false);
  expect([rateLimited.name, rateLimited.retryAfter, rateLimited.status]).toEqual(['RateLimitError', 5, 429]);
});

test('an error thrown by the other copy is caught by this copy’s class and guard', () => {
  let caught: unknown;
  try {
    new other.NemoVideo({ baseURL: 'nope' });
  } catch (error) {
    caught = error;
  }
  expect(here.isNemoVideoError(caught)).toBe(true);
  expect(caught).toBeInstanceOf(here.InvalidArgumentError);
  expect(caught instanceof here.APIError).toBe(false);
  expect(here.isNemoVideoError(caught) && caught.name).toBe('InvalidArgumentError');
});

test('nothing else passes: plain errors, lookalikes by name, non-objects', () => {
  const lookalikes = [
    new Error('x'),
    Object.assign(new Error('x'), { name: 'NemoVideoError' }),
    { name: 'RateLimitError', message: 'x', retryAfter: 1 },
    { [Symbol.for('nemo-video.error')]: 'NemoVideoError' },
    Object.create({ constructor: { [Symbol.for('nemo-video.error')]: 'NemoVideoError' } }),
    Object.create(null),
    null,
    undefined,
    'NemoVideoError',
    42,
  ];
  for (const value of lookalikes) {
    expect(here.isNemoVideoError(value)).toBe(false);
    expect(value instanceof here.NemoVideoError).toBe(false);
    expect(value instanceof here.RateLimitError).toBe(false);
  }
});

test('a subclass of your own: its errors are its parent’s in every copy; only its own are of it', () => {
  class ToolError extends other.RateLimitError {}
  const error = new ToolError(5);
  expect(error).toBeInstanceOf(ToolError);
  expect(error).toBeInstanceOf(here.RateLimitError);
  expect(error).toBeInstanceOf(here.APIError);
  expect(error instanceof here.AuthenticationError).toBe(false);
  expect(error.name).toBe('RateLimitError');
  expect(new other.RateLimitError(5) instanceof ToolError).toBe(false);
  expect(new here.RateLimitError(5) instanceof ToolError).toBe(false);

  class AppError extends here.NemoVideoError {}
  expect(new AppError('x')).toBeInstanceOf(other.NemoVideoError);
  expect(new AppError('x').name).toBe('NemoVideoError');
  expect(new here.NemoVideoError('x') instanceof AppError).toBe(false);
});

test('the errors themselves carry nothing extra: no symbol property, the keys and JSON of the class\'s public fields only', () => {
  const error = new here.RateLimitError(5, { status: 429, requestId: 'req_1' });
  expect(Object.getOwnPropertySymbols(error)).toEqual([]);
  expect(Object.keys(error).sort()).toEqual(['byProxy', 'code', 'name', 'requestId', 'retryAfter', 'status']);
  expect(Object.keys(error)).toEqual(Object.keys(new other.RateLimitError(5, { status: 429, requestId: 'req_1' })));
  expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'RateLimitError', retryAfter: 5, status: 429, requestId: 'req_1', byProxy: false });
});
