import { InvalidArgumentError } from '../core/errors/base.js';
import { isHttpUrl } from '../core/http-url.js';
import { describe } from '../resources/args.js';
import type { JobFiles } from './job-files.js';

/**
 * The shape of a job's video: the aspect ratios the service makes.
 *
 * @example
 * ```ts
 * const aspect: JobAspect = '9:16'; // vertical, for shorts and stories
 * ```
 */
export type JobAspect = '16:9' | '9:16' | '1:1';

/**
 * An image (or any media the service accepts) for a job:
 *
 * - an `http(s)` URL: the service fetches it (`uploads.fromUrls`);
 * - any other string: a local path, opened by the job's `files` (`nodeJobFiles` from `nemo-video/node`);
 * - a `File` (its name tells the type) or a `Blob` (its MIME type does);
 * - bytes with a filename whose extension tells the type.
 *
 * @example
 * ```ts
 * const images: JobImage[] = ['https://example.com/cover.png', './shots/2.jpg', { file: bytes, filename: 'logo.png' }];
 * ```
 */
export type JobImage =
  | string
  | Blob
  | {
      /** The bytes (up to 200 MB). */
      file: Blob | Uint8Array;
      /** e.g. `logo.png`: its extension decides the type. */
      filename: string;
    };

/**
 * One video to make: a script (or a first message of its own), optional images, shape and length, follow-up
 * edits, and where the MP4 goes.
 * `id` is the job's key in its {@link JobStore}: run the same spec again with the same store, and the job
 * resumes where it stopped instead of starting over.
 *
 * @example
 * ```ts
 * const spec: VideoJobSpec = {
 *   id: 'launch-teaser',
 *   script: 'Cities never sleep. Lights flicker across the skyline.',
 *   images: ['https://example.com/skyline.jpg'],
 *   aspect: '9:16',
 *   seconds: 15,
 *   edits: ['add lo-fi background music'],
 *   out: 'out/launch-teaser.mp4',
 * };
 * ```
 */
export interface VideoJobSpec {
  /** The job's key in the store: letters, digits, `_ . -` (up to 128). Keep it stable across runs. */
  id: string;
  /**
   * The script the video is generated from (the spec's advice: under 60 words works best): the job sends
   * `generate a <seconds>-second video in <aspect> from this script: <script>` (see {@link jobMessages}).
   * Give `script` or `message`.
   */
  script?: string | undefined;
  /**
   * The first message, sent to the agent exactly as given instead of the request built from `script`: for an
   * app that has the user's own words (Studio's batch sends each item's instruction this way). Give `script`
   * or `message`, not both; `aspect` and `seconds` only shape the request built from `script`, so with
   * `message` say them in it.
   * @default undefined (the request is built from `script`)
   */
  message?: string | undefined;
  /**
   * Media uploaded into the job's session before the script is sent, in order.
   * @default [] (the agent makes the visuals)
   */
  images?: readonly JobImage[] | undefined;
  /**
   * The video's shape.
   * @default the agent's choice (16:9 today)
   */
  aspect?: JobAspect | undefined;
  /**
   * The video's length in seconds.
   * @default the agent's choice
   */
  seconds?: number | undefined;
  /**
   * Follow-up instructions after the video is generated, one chat turn each, in order (e.g. `add lo-fi
   * background music`, `change the title to "Night shift"`).
   * @default [] (no edits)
   */
  edits?: readonly string[] | undefined;
  /**
   * A path to save the MP4 to. Needs the job's `files` (`nodeJobFiles` from `nemo-video/node`); without
   * `out`, the result is the MP4's URL only.
   * @default undefined (the result is a URL)
   */
  out?: string | undefined;
}

/**
 * What a job's record keeps of its spec, to tell on a rerun that it is the same job: everything but `out`
 * (where the MP4 goes does not change what is made), with images described rather than copied.
 */
export interface JobSpecSummary {
  /** The script, when the spec has one. */
  script?: string | undefined;
  /** The first message as given, when the spec has one instead of a script. */
  message?: string | undefined;
  /** Each image: its URL or path, or `name (size B)` for bytes. */
  images: string[];
  /** The aspect ratio, if given. */
  aspect?: JobAspect | undefined;
  /** The length in seconds, if given. */
  seconds?: number | undefined;
  /** The follow-up instructions. */
  edits: string[];
}

const JOB_ID = /^(?!\.+$)[\w.-]{1,128}$/;
const ASPECTS: readonly string[] = ['16:9', '9:16', '1:1'];

/** `image/png` → `png`, for a Blob without a name; undefined when its type says nothing usable. */
const extensionOf = (type: string) => /^(?:image|video|audio)\/(?:x-)?([a-z0-9]+)/i.exec(type)?.[1]?.toLowerCase().replace('jpeg', 'jpg').replace('quicktime', 'mov').replace('mpeg', 'mp3');

/** The filename an image is uploaded under (undefined for URLs and paths, whose names come with them). */
export function imageFilename(image: JobImage, index: number): string | undefined {
  if (typeof image === 'string') return undefined;
  if (image instanceof Blob) {
    if (typeof File !== 'undefined' && image instanceof File && image.name) return image.name;
    const extension = extensionOf(image.type);
    return extension ? `image-${index + 1}.${extension}` : undefined;
  }
  return image.filename;
}

const sizeOf = (file: Blob | Uint8Array) => (file instanceof Blob ? file.size : file.byteLength);

/** What the record keeps of an image. */
function describeImage(image: JobImage, index: number): string {
  if (typeof image === 'string') return image;
  const file = image instanceof Blob ? image : image.file;
  return `${imageFilename(image, index)} (${sizeOf(file)} B)`;
}

/**
 * The spec as its record keeps it.
 *
 * @example
 * ```ts
 * summarizeSpec({ id: 'a', script: 'Cities never sleep.' }); // { script: 'Cities never sleep.', images: [], edits: [] }
 * ```
 */
export function summarizeSpec(spec: VideoJobSpec): JobSpecSummary {
  return {
    ...(spec.script !== undefined && { script: spec.script }),
    ...(spec.message !== undefined && { message: spec.message }),
    images: (spec.images ?? []).map(describeImage),
    ...(spec.aspect !== undefined && { aspect: spec.aspect }),
    ...(spec.seconds !== undefined && { seconds: spec.seconds }),
    edits: [...(spec.edits ?? [])],
  };
}

/** Whether two summaries describe the same job (key order aside). */
export const sameSpec = (a: JobSpecSummary, b: JobSpecSummary): boolean =>
  JSON.stringify([a.script, a.images, a.aspect, a.seconds, a.edits, a.message]) === JSON.stringify([b.script, b.images, b.aspect, b.seconds, b.edits, b.message]);

/**
 * The messages a job sends, in order: the generation request built from the spec's `script` (or its
 * `message`, as given), then each edit as given.
 *
 * @example
 * ```ts
 * jobMessages({ id: 'a', script: 'Cities never sleep.', seconds: 15, aspect: '9:16', edits: ['add lo-fi background music'] });
 * // ['generate a 15-second video in 9:16 from this script: Cities never sleep.', 'add lo-fi background music']
 * jobMessages({ id: 'b', message: 'a 10-second teaser from beach.mp4' }); // ['a 10-second teaser from beach.mp4']
 * ```
 */
export function jobMessages(spec: VideoJobSpec): string[] {
  if (spec.message !== undefined) return [spec.message, ...(spec.edits ?? [])];
  const count = spec.images?.length ?? 0;
  const length = spec.seconds ? `${spec.seconds}-second ` : '';
  const shape = spec.aspect ? ` in ${spec.aspect}` : '';
  const media = count ? `, using the ${count === 1 ? 'uploaded image' : `${count} uploaded images`},` : '';
  return [`generate a ${length}video${shape}${media} from this script: ${spec.script!.trim()}`, ...(spec.edits ?? [])];
}

/**
 * Refuses a spec that cannot run, before anything is sent or stored: a bad id, script or message (or both, or
 * a message with aspect or seconds), an unknown aspect,
 * an image that is neither a URL, a path (with `files`), a named Blob nor named bytes, an `out` without `files`.
 */
export function checkSpec(spec: VideoJobSpec, files: JobFiles | undefined): void {
  const fail: (message: string) => never = (message) => {
    throw new InvalidArgumentError(`Job ${typeof spec?.id === 'string' ? `"${spec.id}"` : ''}: ${message}`);
  };
  if (!spec || typeof spec !== 'object') throw new InvalidArgumentError(`A job spec must be an object, got ${describe(spec)}.`);
  if (typeof spec.id !== 'string' || !JOB_ID.test(spec.id)) fail(`id must be letters, digits, _ . - (up to 128), got ${describe(spec.id)}.`);
  if (spec.message === undefined) {
    if (typeof spec.script !== 'string' || !spec.script.trim()) fail('script (or message) must be a non-empty string.');
  } else {
    if (typeof spec.message !== 'string' || !spec.message.trim()) fail('message must be a non-empty string.');
    if (spec.script !== undefined) fail('give script or message, not both: message is sent as it is, script is made into a generation request.');
    if (spec.aspect !== undefined || spec.seconds !== undefined) fail('aspect and seconds shape the request built from script: with message, say them in the message.');
  }
  if (spec.aspect !== undefined && !ASPECTS.includes(spec.aspect)) fail(`aspect must be one of ${ASPECTS.join(', ')}, got ${describe(spec.aspect)}.`);
  if (spec.seconds !== undefined && !(typeof spec.seconds === 'number' && spec.seconds > 0 && Number.isFinite(spec.seconds))) {
    fail(`seconds must be a positive number, got ${describe(spec.seconds)}.`);
  }
  if (spec.edits !== undefined && !(Array.isArray(spec.edits) && spec.edits.every((e) => typeof e === 'string' && e.trim()))) {
    fail('edits must be an array of non-empty strings.');
  }
  if (spec.images !== undefined && !Array.isArray(spec.images)) fail('images must be an array.');
  (spec.images ?? []).forEach((image, i) => {
    if (typeof image === 'string') {
      if (!image) fail(`images[${i}] is an empty string.`);
      if (!isHttpUrl(image) && !files) fail(`images[${i}] ("${image}") is a path: pass files (nodeJobFiles from nemo-video/node) to open it, or give a URL or a Blob.`);
      return;
    }
    const file = image instanceof Blob ? image : (image as { file?: unknown })?.file;
    if (!(file instanceof Blob || file instanceof Uint8Array)) fail(`images[${i}] must be a URL, a path, a Blob, or { file, filename }, got ${describe(image)}.`);
    if (!imageFilename(image, i)) fail(`images[${i}] needs a filename (a File, { file, filename }, or a Blob with an image type).`);
  });
  if (spec.out !== undefined && (typeof spec.out !== 'string' || !spec.out)) fail(`out must be a path, got ${describe(spec.out)}.`);
  if (spec.out !== undefined && !files) fail('out needs files to save with (nodeJobFiles from nemo-video/node); without out, the result is the URL.');
}
