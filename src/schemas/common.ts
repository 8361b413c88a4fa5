import * as z from 'zod/mini';

// Checks are written as transforms that report an issue: zod/mini's check helpers would add ~0.5 KB to
// every browser bundle for the two rules below.

/** An id the service may send as a number or a string; always kept as a string (session ids exceed 2^53). */
export const Id = z.pipe(z.union([z.string(), z.number()]), z.transform(String));

/** A number the service may send as a numeric string. */
export const Num = z.pipe(
  z.union([z.number(), z.string()]),
  z.transform((value, ctx) => {
    const n = Number(value);
    if (value === '' || !Number.isFinite(n)) ctx.issues.push({ code: 'custom', message: 'a number', input: value });
    return n;
  }),
);

/** A string that must not be empty (tokens). */
export const Text = z.pipe(
  z.string(),
  z.transform((value, ctx) => {
    if (!value) ctx.issues.push({ code: 'custom', message: 'a non-empty string', input: value });
    return value;
  }),
);

/** Any JSON object, every key kept as sent. */
export const Json = z.looseObject({});
