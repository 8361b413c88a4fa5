let supported: boolean | undefined;

/**
 * `{ cache: 'no-store' }` where the runtime's `Request` takes it, else nothing. Framework fetch caches (Next.js's
 * App Router) would otherwise answer a poll with an old "processing" status; Cloudflare Workers before the
 * 2024-11-11 compatibility date throw on the field, so there it is left out (Workers keep no such cache).
 */
export function noStore(): { cache?: 'no-store' } {
  if (supported === undefined) {
    try {
      new Request('http://localhost/', { cache: 'no-store' });
      supported = true;
    } catch {
      supported = false;
    }
  }
  return supported ? { cache: 'no-store' } : {};
}
