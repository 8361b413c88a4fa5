import * as z from 'zod/mini';

/** An id the service may send as a number or a string; always kept as a string (session ids exceed 2^53). */
export const Id = z.pipe(z.union([z.string(), z.number()]), z.transform(String));

/** A number the service may send as a numeric string. */
export const Num = z.pipe(
  z.union([z.number(), z.string().check(z.regex(/^-?\d+(\.\d+)?$/))]),
  z.transform(Number),
);

/** Any JSON object, every key kept as sent. */
export const Json = z.record(z.string(), z.unknown());
