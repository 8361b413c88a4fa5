import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/** A fetch-style handler: what the emulator is, whatever carries its requests. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * A running server.
 *
 * @example
 * ```ts
 * const server = await serve((request) => emulator.handle(request));
 * console.log(server.url);
 * await server.close();
 * ```
 */
export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops listening and drops open connections (streams included); resolves once the port is free. */
  close(): Promise<void>;
}

/**
 * Serves a fetch-style handler over HTTP on loopback. Request and response bodies stream both ways, so SSE
 * and large uploads pass without buffering here. CORS is the handler's business (the emulator answers
 * preflights itself); this only carries requests and responses.
 */
export async function serve(handle: FetchHandler, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const server = createServer((req, res) => void respond(handle, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return { url: `http://${host}:${address.port}`, close: () => close(server) };
}

async function respond(handle: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Closing the connection (a client that stops reading an SSE stream) aborts the handler's work.
  const closed = new AbortController();
  res.once('close', () => closed.abort());
  try {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v]) : value === undefined ? [] : [[name, value]])) as [string, string][],
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      signal: closed.signal,
      ...(hasBody && { duplex: 'half' }),
    } as RequestInit);
    const response = await handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) res.end();
    else await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
  } catch (error) {
    // A client that went away mid-response is normal (a cancelled stream); anything else is a 500.
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify({ code: 500, message: String(error) }));
    else res.destroy();
  }
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
