/** Large files of incompressible bytes, written to disk in 1 MB chunks so the writer never holds the file. */
import { randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const MB = 1024 * 1024;

/** Writes `megabytes` MB of pseudo-random bytes to `path` (a fresh buffer each chunk: the stream may still hold the last). */
export async function writeRandomFile(path: string, megabytes: number): Promise<number> {
  const out = createWriteStream(path);
  try {
    for (let i = 0; i < megabytes; i++) {
      if (!out.write(randomFillSync(Buffer.allocUnsafe(MB)))) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    throw error;
  }
  return megabytes * MB;
}
