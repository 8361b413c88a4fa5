/** A real PNG made in memory (signature, IHDR, one IDAT, IEND), so an upload has genuine image bytes. */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A `width`x`height` PNG of one colour: RGB, or RGBA when `alpha` (0 transparent to 255 opaque) is given. */
export function solidPng(width: number, height: number, [r, g, b]: [number, number, number], alpha?: number): Uint8Array<ArrayBuffer> {
  const pixel = alpha === undefined ? [r, g, b] : [r, g, b, alpha];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  // 8-bit depth, truecolour (2) or truecolour with alpha (6), deflate, adaptive filter, no interlace
  ihdr.set([8, alpha === undefined ? 2 : 6, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * pixel.length); // filter byte 0, then the pixels
  for (let x = 0; x < width; x++) row.set(pixel, 1 + x * pixel.length);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', new Uint8Array(0)),
  ]);
  return new Uint8Array(png);
}
