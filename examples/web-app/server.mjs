// A web app's server: it serves the page and, under /api/nemo, the proxy that keeps the NemoVideo token here.
// The page's client (main.ts) sends no token at all; this server adds its own to each call it forwards, and
// forwards a session's or render's calls only for the user who created it.
//
//   npx vite build examples/web-app                     (the page, into examples/web-app/dist)
//   NEMO_TOKEN=… node examples/web-app/server.mjs       (http://127.0.0.1:3000)
//
// Environment: NEMO_TOKEN (else the server gets an anonymous token of its own), NEMO_BASE_URL (the API, or an
// emulator: `npx nemo-video emulator --port 4010`), PORT (3000; 0 for any free one), HOST (127.0.0.1),
// SITE_DIR (the built page; examples/web-app/dist).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { createProxy, toNodeHandler } from 'nemo-video/server';

const site = resolve(process.env.SITE_DIR ?? join(import.meta.dirname, 'dist'));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

// The demo's sign-in: each browser gets a user id of its own in a cookie the page cannot read (HttpOnly).
// Anyone who knows an id could send it, so this is for a demo only: return your real sign-in's user id instead.
const USER_COOKIE = 'demo_user';
const userOf = (cookieHeader) => new RegExp(`(?:^|;\\s*)${USER_COOKIE}=([\\w-]+)`).exec(cookieHeader ?? '')?.[1];

const proxy = toNodeHandler(
  createProxy({
    // The token comes from NEMO_TOKEN and the API from NEMO_BASE_URL, read by createProxy itself.
    // A call without a user is refused with 401; a session or render of another user with 403.
    authorize: (request) => userOf(request.headers.get('cookie')) ?? Promise.reject(new Error('signed out')),
  }),
);

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };

/** The built page's files; `/` is index.html, which also hands a new browser its user id. */
async function serveSite(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405, { allow: 'GET, HEAD' }).end();
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    return res.writeHead(400).end();
  }
  const file = resolve(site, `.${path === '/' ? '/index.html' : path}`);
  // Nothing outside the site's folder, whatever the path says.
  if (file !== site && !file.startsWith(site + sep)) return res.writeHead(404).end();
  let body;
  try {
    body = await readFile(file);
  } catch {
    return res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found. Built the page? npx vite build examples/web-app');
  }
  const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
  if (file.endsWith('.html') && !userOf(req.headers.cookie)) {
    headers['set-cookie'] = `${USER_COOKIE}=${randomUUID()}; Path=/; HttpOnly; SameSite=Strict`;
  }
  res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
}

const server = createServer((req, res) => {
  // Mount the proxy before anything reads the body, so that uploads stream through it.
  if (req.url.startsWith('/api/nemo/')) return proxy(req, res);
  serveSite(req, res).catch(() => res.writeHead(500).end());
});

server.listen(port, host, () => {
  const { port: bound } = server.address();
  console.log(`Listening on http://${host}:${bound}`);
});
