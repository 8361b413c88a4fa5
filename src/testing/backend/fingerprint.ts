/**
 * A content fingerprint for the upload response's `hash`: two FNV-1a (32-bit) lanes over the size and the
 * first and last megabyte. Sampling keeps a 200 MB upload from being read twice; an emulator needs only
 * "same file, same hash".
 */
const SAMPLE = 1024 * 1024;

export async function fingerprint(blob: Blob): Promise<string> {
  const head = new Uint8Array(await blob.slice(0, SAMPLE).arrayBuffer());
  const tail = blob.size > SAMPLE ? new Uint8Array(await blob.slice(Math.max(SAMPLE, blob.size - SAMPLE)).arrayBuffer()) : new Uint8Array(0);
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  const mix = (bytes: Uint8Array) => {
    for (const byte of bytes) {
      a = Math.imul(a ^ byte, 0x01000193);
      b = Math.imul(b ^ byte, 0x01000193) ^ (a >>> 7);
    }
  };
  mix(new TextEncoder().encode(String(blob.size)));
  mix(head);
  mix(tail);
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
