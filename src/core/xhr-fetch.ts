/**
 * A fetch for one large upload, made with XMLHttpRequest: in a browser the only way to learn how much of a
 * body has gone out. fetch reports nothing while it sends, and a streamed request body (what ky's
 * `onUploadProgress` sends) is refused by Chromium over HTTP/1.1, where it rejects with "Failed to fetch".
 *
 * It fails as fetch would, so the transport maps its errors as usual: a TypeError for the network (an
 * APIConnectionError), the signal's reason for an abort or a timeout. A redirect is refused, as the
 * transport's `redirect: 'error'` refuses it for other large bodies.
 *
 * @example
 * ```ts
 * const response = await xhrFetch((loaded, total) => console.log(loaded / total))(url, { method: 'POST', headers, body: form, signal });
 * ```
 */
export const xhrFetch =
  (onProgress: (loaded: number, total: number) => void) =>
  (url: string, { method, headers, body, signal }: RequestInit & { headers: Headers }): Promise<Response> =>
    new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const xhr = new XMLHttpRequest();
      // An aborted signal's reason is never undefined: an abort, a timeout's TimeoutError, or the caller's own.
      const fail = (why = 'Failed to fetch') => reject(signal?.reason ?? new TypeError(why));
      xhr.onerror = xhr.onabort = () => fail();
      const abort = () => xhr.abort();
      // Dropped at the end: a caller's long-lived signal must not keep every finished upload's XHR alive.
      signal?.addEventListener('abort', abort, { once: true });
      xhr.onloadend = () => signal?.removeEventListener('abort', abort);
      // `total` is the body's size as the browser counts it (multipart headers and boundaries included).
      xhr.upload.onprogress = (event) => event.total && onProgress(event.loaded, event.total);
      xhr.onload = () => {
        if (xhr.responseURL !== new URL(url).href) return fail('redirected');
        const answer = new Headers();
        for (const line of xhr.getAllResponseHeaders().split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) answer.append(line.slice(0, colon), line.slice(colon + 1));
        }
        // As text: every answer here is JSON, or an error page read only for its status. A Response with a
        // body may not have a null-body status (204, 304): an empty answer gets none.
        resolve(new Response(xhr.responseText || null, { status: xhr.status, headers: answer }));
      };
      xhr.open(method!, url);
      headers.forEach((value, name) => xhr.setRequestHeader(name, value));
      xhr.send(body as XMLHttpRequestBodyInit);
    });
