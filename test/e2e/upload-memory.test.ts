/**
 * A 150 MB upload from disk must stream: the uploading process's peak RSS may grow by less than 64 MB.
 *
 * The upload runs in a separate Node process (bench/upload-rss.mjs) with the built package
 * from dist/, so only its memory is measured; the emulator's server, which keeps what it receives in
 * memory, runs here. `npm test` builds dist/ before vitest; without it these tests are skipped.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomFile } from './helpers/random-file.js';
import { useEmulatorServer } from './helpers/server.js';

const MB = 1024 * 1024;
const FILE_MB = 150;
const BUDGET = 64 * MB;
const CHILD = fileURLToPath(new URL('../../bench/upload-rss.mjs', import.meta.url));
const DIST = ['../../dist/index.js', '../../dist/node.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
const hasDist = DIST.every((p) => existsSync(p));

/** What the child prints. */
interface Measurement {
  via: 'sdk' | 'fetch';
  baselineRss: number;
  peakRss: number;
  maxRss: number;
  growth: number;
  progressEvents: number;
  lastLoaded: number;
  bytes: number;
  file: { filename?: string; type?: string; url?: string } | undefined;
}

/** Runs the child and parses its JSON line; rejects with its stderr if it fails. */
function runChild(args: string[]): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`bench/upload-rss.mjs exited with ${code}:\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Measurement);
    });
  });
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

describe.skipIf(!hasDist)(`a ${FILE_MB} MB upload from a separate process${hasDist ? '' : ' (skipped: dist/ is missing; run `npm run build`)'}`, () => {
  const server = useEmulatorServer({ render: 'tiny' });
  let work: string;
  let path: string;
  let size: number;
  let sessionId: string;
  let token: string;
  let sdk: Measurement;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'nemo-e2e-upload-'));
    path = join(work, 'big.mp4');
    size = await writeRandomFile(path, FILE_MB);
    ({ token } = server.emulator.createUser({ credits: 1_000 }));
    sessionId = (await server.client({ token }).sessions.create()).id;
    sdk = await runChild([server.url, token, sessionId, path, 'sdk']);
    console.log(`upload RSS (sdk): baseline ${mb(sdk.baselineRss)}, peak ${mb(sdk.peakRss)}, growth ${mb(sdk.growth)}`);
  });

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('the server receives exactly the file, byte for byte at its end', async () => {
    expect(sdk.bytes).toBe(size);
    expect(sdk.file).toMatchObject({ filename: 'big.mp4', type: 'video' });
    // The emulator serves what it stored; the suffix range's Content-Range names the stored size.
    const response = await fetch(sdk.file!.url!, { headers: { Range: 'bytes=-64' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${size - 64}-${size - 1}/${size}`);
    const tail = new Uint8Array(await response.arrayBuffer());
    const handle = await open(path);
    try {
      const expected = new Uint8Array(64);
      await handle.read(expected, 0, 64, size - 64);
      expect(tail).toEqual(expected);
    } finally {
      await handle.close();
    }
  });

  it('reports progress as the bytes go out, up to the file size', () => {
    expect(sdk.progressEvents).toBeGreaterThan(10);
    expect(sdk.lastLoaded).toBe(size);
  });

  // ky keeps a clone of each request for retries, and fetch one for redirects: either would hold the whole
  // body. The transport sends uploads with fetch itself and `redirect: 'error'` (see RequestSpec.largeBody).
  it(`the uploading process's peak RSS grows by less than ${BUDGET / MB} MB`, () => {
    expect(sdk.growth).toBeLessThan(BUDGET);
  });
});
