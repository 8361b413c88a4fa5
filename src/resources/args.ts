import { InvalidArgumentError } from '../core/errors/base.js';

/** Session ids go into URL paths: only plain id characters are let through, and never `.` or `..` (path traversal). */
export function checkId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^(?!\.+$)[\w.-]{1,128}$/.test(value)) {
    throw new InvalidArgumentError(`${what} must be a non-empty id string (letters, digits, _ . -), got ${describe(value)}.`);
  }
  return value;
}

/** A short description of a bad value for an error message; never the whole value. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return value ? `"${value.slice(0, 40)}${value.length > 40 ? '…' : ''}"` : 'an empty string';
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
