/**
 * What {@link APIPromise.withResponse} resolves to.
 *
 * @example
 * ```ts
 * const { data, requestId } = await nv.credits.balance().withResponse();
 * ```
 */
export interface WithResponse<T> {
  /** What the call resolves to. */
  data: T;
  /** The HTTP response of the call's (last) request, its body readable again. */
  response: Response;
  /** The server's request id (`x-request-id`), when it sent one: on success too, for your logs and support. */
  requestId: string | undefined;
}

/**
 * The promise every single-request method returns: awaited, it gives the data; `.withResponse()` gives the data
 * with the HTTP response and request id, and `.asResponse()` the response alone. Nothing is read twice: the
 * call runs once, whichever you use.
 *
 * @example
 * ```ts
 * const session = await nv.sessions.create();
 * const { data: state, response, requestId } = await nv.state.get(session.id).withResponse();
 * console.log(response.status, requestId, state.draft?.tracks.length);
 * ```
 */
export class APIPromise<T> extends Promise<T> {
  readonly #raw: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  /** What `finally` and subclassing build on: a plain Promise, since an APIPromise needs a call to wrap. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** @internal The transport makes these. */
  constructor(raw: Promise<{ data: T; response: Response }>) {
    // The data promise is made on first use, so a call used only through withResponse() leaves no second,
    // unhandled rejection behind.
    super((resolve) => resolve(undefined as T));
    this.#raw = raw.then(({ data, response }) => ({ data, response, requestId: response.headers.get('x-request-id') ?? undefined }));
  }

  /** The data, the HTTP response of the call's (last) request, and its request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#raw;
  }

  /** The HTTP response of the call's (last) request, its body readable (already checked and parsed once). */
  asResponse(): Promise<Response> {
    return this.#raw.then(({ response }) => response);
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return (this.#data ??= this.#raw.then(({ data }) => data)).then(onfulfilled, onrejected);
  }
}
