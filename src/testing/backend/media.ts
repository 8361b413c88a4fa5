/**
 * What the service accepts for upload (wire.md): its own copy here, so the emulator checks the wire rules
 * rather than echoing whatever the SDK believes.
 */

/** `file_type` of an uploaded file. */
export type MediaKind = 'video' | 'image' | 'audio';

/** Accepted extensions by kind (`jpeg` is taken as `jpg`). */
export const ACCEPTED: Record<MediaKind, readonly string[]> = {
  video: ['mp4', 'mov', 'avi', 'webm', 'mkv'],
  image: ['jpg', 'jpeg', 'png', 'gif', 'webp'],
  audio: ['mp3', 'wav', 'm4a', 'aac'],
};

/** The 200 MB upload limit. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** MIME types of the accepted formats, for parts whose filename says nothing. */
const MIME: Record<string, string> = {
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/x-msvideo': 'avi',
  'video/webm': 'webm',
  'video/x-matroska': 'mkv',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
};

/** An accepted format: its kind and canonical extension. */
export interface MediaFormat {
  kind: MediaKind;
  extension: string;
}

const kindOf = (extension: string): MediaKind | undefined =>
  (Object.keys(ACCEPTED) as MediaKind[]).find((kind) => ACCEPTED[kind].includes(extension));

/** The format of a file from its name's extension, else its MIME type; undefined when neither is accepted. */
export function formatOf(filename: string, mimeType = ''): MediaFormat | undefined {
  const fromName = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  const extension = fromName && kindOf(fromName) ? fromName : MIME[mimeType.split(';')[0]!.trim().toLowerCase()];
  const kind = extension && kindOf(extension);
  return kind && extension ? { kind, extension: extension === 'jpeg' ? 'jpg' : extension } : undefined;
}

/** The accepted extensions as one list, for error messages. */
export const acceptedList = (): string => Object.values(ACCEPTED).flat().join(', ');

/** The MIME type to serve a stored file of `extension` with. */
export function mimeOf(extension: string): string {
  const found = Object.entries(MIME).find(([, ext]) => ext === extension)?.[0];
  return found ?? 'application/octet-stream';
}
