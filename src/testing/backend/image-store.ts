/**
 * The uploaded images a renderer may draw, by the name they are served under (`/files/<name>`).
 *
 * It holds the upload's own Blob, the one the CDN map serves, so keeping an image here copies no bytes; its
 * bytes are read only when a render asks. Bounded all the same, so that what renders may read cannot grow
 * without limit: an image over `maxFileBytes` is not kept (it renders as a card), and past `maxBytes` in
 * all the oldest images are dropped first.
 */

/** Limits of an {@link ImageStore}. */
export interface ImageStoreLimits {
  /**
   * Bytes of all images kept; past it the oldest are dropped.
   * @default 64 MiB
   */
  maxBytes?: number;
  /**
   * Bytes of one image; a larger one is not kept.
   * @default 16 MiB
   */
  maxFileBytes?: number;
}

const MiB = 1024 * 1024;

/** Where a stored upload's name sits in its URL: `…/files/<name>`. */
const FILES_PATH = /\/files\/([^/?#]+)$/;

/**
 * The uploaded images a renderer may read, oldest dropped first past the limits.
 *
 * @example
 * ```ts
 * const images = new ImageStore({ maxBytes: 1024 * 1024 });
 * images.keep('up_1a2b.png', file);
 * const bytes = await images.read('http://127.0.0.1:4010/files/up_1a2b.png');
 * ```
 */
export class ImageStore {
  readonly maxBytes: number;
  readonly maxFileBytes: number;
  /** In insertion order, so the first entry is the oldest. */
  private readonly images = new Map<string, Blob>();
  private total = 0;

  constructor({ maxBytes = 64 * MiB, maxFileBytes = 16 * MiB }: ImageStoreLimits = {}) {
    this.maxBytes = maxBytes;
    this.maxFileBytes = Math.min(maxFileBytes, maxBytes);
  }

  /** Keeps `image` under `name`, dropping the oldest images to make room; false when it is too large to keep. */
  keep(name: string, image: Blob): boolean {
    this.drop(name);
    if (image.size > this.maxFileBytes) return false;
    for (const [oldest] of this.images) {
      if (this.total + image.size <= this.maxBytes) break;
      this.drop(oldest);
    }
    this.images.set(name, image);
    this.total += image.size;
    return true;
  }

  /**
   * The bytes of the image a segment's `url` names: the upload's URL from any origin (the emulator may be
   * reached by more than one), or its bare name. Undefined for anything not kept.
   */
  async read(url: string): Promise<Uint8Array | undefined> {
    const name = FILES_PATH.exec(url.split(/[?#]/)[0] ?? '')?.[1] ?? url;
    const image = this.images.get(name);
    return image && new Uint8Array(await image.arrayBuffer());
  }

  /** Bytes held now. */
  get size(): number {
    return this.total;
  }

  private drop(name: string): void {
    const image = this.images.get(name);
    if (!image) return;
    this.images.delete(name);
    this.total -= image.size;
  }
}
