import { traits, type Route } from '../backend.js';
import { HttpFailure } from '../http.js';

/**
 * `GET /files/<name>`: the emulator's CDN, serving rendered MP4s and uploads. Like a CDN it needs no token
 * (the names are unguessable), and it answers single byte ranges so browsers can play and seek.
 */
export const files: Route = {
  ...traits({ cdn: true }),
  auth: false,
  method: 'GET',
  pattern: /^\/files\/(?<name>[^/]+)$/,
  family: 'cdn',
  async handle({ backend: { store }, params, request }) {
    const file = store.files.get(params.name!);
    if (!file) throw new HttpFailure(404, undefined, 'Not found.');
    const { body } = file;
    const headers = { 'Content-Type': file.type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'public, max-age=31536000, immutable' };
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '');
    if (!range || (!range[1] && !range[2])) {
      return new Response(request.method === 'HEAD' ? null : body, { headers: { ...headers, 'Content-Length': String(body.size) } });
    }
    // "bytes=a-b", "bytes=a-" or the suffix form "bytes=-n".
    const start = range[1] ? Number(range[1]) : Math.max(0, body.size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), body.size - 1) : body.size - 1;
    if (start > end || start >= body.size) {
      throw new HttpFailure(416, undefined, 'Range not satisfiable.', { 'Content-Range': `bytes */${body.size}` });
    }
    return new Response(request.method === 'HEAD' ? null : body.slice(start, end + 1), {
      status: 206,
      headers: { ...headers, 'Content-Length': String(end - start + 1), 'Content-Range': `bytes ${start}-${end}/${body.size}` },
    });
  },
};
