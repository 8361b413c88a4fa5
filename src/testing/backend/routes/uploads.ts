import { addMedia } from '../../agent/media.js';
import { traits, type AuthedContext, type Route } from '../backend.js';
import { fingerprint } from '../fingerprint.js';
import { codeFailure, HttpFailure, okA, readJsonBody } from '../http.js';
import { acceptedList, formatOf, MAX_UPLOAD_BYTES, mimeOf, type MediaFormat } from '../media.js';
import { probeMedia } from '../media-probe.js';
import type { MediaRecord } from '../state.js';
import { mediaWire } from './media-wire.js';

/** Room for multipart boundaries and part headers on top of the file itself. */
const MULTIPART_OVERHEAD = 1024 * 1024;

const unsupported = (name: string) => codeFailure(4001, `Unsupported file type: "${name}". Accepted: ${acceptedList()}.`);
const tooLarge = (name: string) => codeFailure(4002, `"${name}" is larger than 200 MB.`);

/**
 * `POST /api/upload-video/nemo_agent/me/<sid>`: multipart parts named `files` (parsed for real), or JSON
 * `{urls, source_type: 'url'}`. Every file is checked before any is kept; kept files are served under
 * `/files/` and put on the session's timeline.
 */
export const upload: Route = {
  ...traits({ session: true }),
  auth: true,
  method: 'POST',
  pattern: /^\/api\/upload-video\/nemo_agent\/me\/(?<sid>[^/]+)$/,
  family: 'A',
  async handle(ctx) {
    const { backend, params, user, request } = ctx;
    const session = backend.store.session(params.sid, user.id);
    if (!session) throw codeFailure(1002, `Session not found: ${params.sid}`);
    const type = request.headers.get('content-type') ?? '';
    const media = /multipart\/form-data/i.test(type) ? await fromForm(ctx) : await fromUrls(ctx);
    session.media.push(...media);
    session.analyses.push(...media.map((m) => ({ filename: m.filename, file_type: m.fileType, summary: `${m.fileType} ${m.width}x${m.height}` })));
    session.draft = addMedia(session.draft, media, () => `seg_${backend.store.ids.hex(10)}`);
    return okA({ files: media.map(mediaWire), session_state_applied: true });
  },
};

async function fromForm({ backend: { store }, request, origin }: AuthedContext): Promise<MediaRecord[]> {
  // A declared length far past the limit is refused before the body is read, as a real gateway would.
  if (Number(request.headers.get('content-length')) > MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD) throw tooLarge('the upload');
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new HttpFailure(400, 400, 'The multipart body could not be read.');
  }
  const files = form.getAll('files').filter((part): part is File => typeof part !== 'string');
  if (!files.length) throw new HttpFailure(400, 400, 'No file parts named "files".');
  const checked = files.map((file) => {
    const name = file.name || 'upload';
    const format = formatOf(name, file.type);
    if (!format) throw unsupported(name);
    if (file.size > MAX_UPLOAD_BYTES) throw tooLarge(name);
    return { file, name, format };
  });
  return Promise.all(
    checked.map(async ({ file, name, format }) => {
      const stored = `up_${store.ids.hex(12)}.${format.extension}`;
      store.files.set(stored, { body: file, type: file.type || mimeOf(format.extension) });
      if (format.kind === 'image') store.images.keep(stored, file);
      return record(name, format, `${origin}/files/${stored}`, file);
    }),
  );
}

async function fromUrls({ request }: AuthedContext): Promise<MediaRecord[]> {
  const body = await readJsonBody(request);
  const urls = body.urls;
  if (!Array.isArray(urls) || !urls.length || !urls.every((u) => typeof u === 'string' && /^https?:\/\/\S+$/i.test(u))) {
    throw new HttpFailure(400, 400, 'Send multipart parts named "files", or JSON {"urls": ["https://…"], "source_type": "url"}.');
  }
  const checked = (urls as string[]).map((url) => {
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'media');
    const format = formatOf(name);
    if (!format) throw unsupported(name);
    return { url, name, format };
  });
  // The service would fetch the URLs; the emulator never goes to the network, so their sizes are assumed.
  return Promise.all(checked.map(({ url, name, format }) => record(name, format, url, new Blob([url]))));
}

async function record(filename: string, format: MediaFormat, url: string, content: Blob): Promise<MediaRecord> {
  const info = await probeMedia(content, format);
  return { filename, fileType: format.kind, url, ...info, hash: await fingerprint(content) };
}
