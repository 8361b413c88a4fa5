/** A response body after its envelope is taken off: the data, or what the server said went wrong. */
export type Unwrapped = { ok: true; data: unknown } | { ok: false; code?: number | undefined; detail?: string | undefined };

type Body = { code?: unknown; message?: unknown; data?: unknown; success?: unknown; error?: unknown; detail?: unknown };

const text = (v: unknown) => (typeof v === 'string' ? v : v && typeof v === 'object' ? JSON.stringify(v) : undefined);

/**
 * Takes off either envelope: A `{code, message, data}` (any non-zero code is an error, even in an HTTP 200)
 * or B `{success, data | error}`. A body with neither (older render status, ADK errors) is the data itself,
 * unless it only carries an `error` or `detail`.
 */
export function unwrap(body: unknown): Unwrapped {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: true, data: body };
  const b = body as Body;
  const code = typeof b.code === 'number' ? b.code : typeof b.code === 'string' && /^\d+$/.test(b.code) ? Number(b.code) : undefined;
  // An envelope B error says it in `error`; envelope A in `message`; an ADK body in `error` or `detail`.
  const detail = text(b.error) ?? text(b.message) ?? text(b.detail);
  if (b.success === false || (code !== undefined && code !== 0)) return { ok: false, code, detail };
  if (b.success === true || code === 0) return { ok: true, data: b.data };
  const keys = Object.keys(b);
  if (keys.length > 0 && keys.every((k) => k === 'error' || k === 'detail')) return { ok: false, detail };
  return { ok: true, data: body };
}

/** Session ids are 19-digit integers: quote any id too long for a double before JSON.parse rounds it. */
export function parseJson(source: string): unknown {
  return JSON.parse(source.replace(/("\w*id"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/gi, '$1"$2"'));
}
