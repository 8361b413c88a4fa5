import type * as z from 'zod/mini';
import { ResponseValidationError } from './errors/base.js';

/**
 * Parses `value` with `schema`, turning a mismatch into a ResponseValidationError that names the field
 * (`where` prefixes the path, e.g. `data`) and what was expected there.
 */
export function validate<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [where, ...issue.path.map(String)].join('.');
  const expected = expectedOf(issue);
  throw new ResponseValidationError(
    `Unexpected response: ${path} should be ${expected}. The API may have changed: update nemo-video, or report it.`,
    path,
    expected,
  );
}

/** What the schema wanted where `issue` failed; for a union, each alternative's type ("number or string"). */
function expectedOf(issue: z.core.$ZodIssue): string {
  if ('expected' in issue) return String(issue.expected);
  if (issue.code === 'invalid_union') {
    const options = issue.errors.flat().flatMap((i) => (i.path.length === 0 && 'expected' in i ? [String(i.expected)] : []));
    if (options.length) return [...new Set(options)].join(' or ');
  }
  return issue.message;
}
