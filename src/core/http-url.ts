/**
 * Whether `value` is an absolute http(s) URL that fetch will take: the scheme, a host, no whitespace. One
 * rule for every URL a user hands the SDK or the CLI (base URL, download, upload from URLs).
 *
 * @example
 * ```ts
 * isHttpUrl('https://cdn.example.com/v.mp4'); // true
 * isHttpUrl('https://'); // false: no host
 * ```
 */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^https?:\/\/[^\s/]\S*$/i.test(value)) return false;
  try {
    return !!new URL(value).host;
  } catch {
    return false;
  }
}
