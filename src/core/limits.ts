/**
 * File extensions the service accepts for upload, by kind.
 *
 * @example
 * ```ts
 * ACCEPTED_FORMATS.image; // ['jpg', 'jpeg', 'png', 'gif', 'webp']
 * ```
 */
export const ACCEPTED_FORMATS = {
  /** Video extensions (lower case, without the dot). */
  video: ['mp4', 'mov', 'avi', 'webm', 'mkv'],
  /** Image extensions (lower case, without the dot). */
  image: ['jpg', 'jpeg', 'png', 'gif', 'webp'],
  /** Audio extensions (lower case, without the dot). */
  audio: ['mp3', 'wav', 'm4a', 'aac'],
} as const;

/** Every accepted extension, in one list. */
export const ACCEPTED_EXTENSIONS: readonly string[] = Object.values(ACCEPTED_FORMATS).flat();

/**
 * Whether the service takes a file by this name: its extension is one of {@link ACCEPTED_FORMATS}.
 *
 * @example
 * ```ts
 * isAcceptedFilename('intro.MP4'); // true
 * isAcceptedFilename('notes.txt'); // false
 * ```
 */
export const isAcceptedFilename = (name: string): boolean =>
  ACCEPTED_EXTENSIONS.includes(/\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '');

/**
 * The largest upload the service takes: 200 MB.
 *
 * @example
 * ```ts
 * if (file.size > MAX_UPLOAD_BYTES) console.warn('trim it first');
 * ```
 */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Where an anonymous user registers to keep their work and get credits (`?bind=` carries their user id). */
export const REGISTER_URL = 'https://nemovideo.com/register';
