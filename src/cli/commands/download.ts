import { isHttpUrl } from 'nemo-video';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { formatBytes } from '../format.js';
import { fileNameOf, resolveOutputPath } from '../output-path.js';
import { saveVideo } from '../transfers.js';

/** `nemo-video download <url> [--out file]`. */
export const downloadCommand: Command = {
  name: 'download',
  summary: 'download a rendered video by its URL',
  help: `nemo-video download <url> [--out file]

Downloads a URL (an export's result) to a file. The file appears only once complete. The token is sent
only when the URL is on the API's own address, never to another host.

Options:
  -o, --out <file> where to save it (default: the URL's file name, numbered so nothing is overwritten)`,
  options: { out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1, what: 'the URL to download' },
  async run(ctx, { values, positionals }) {
    const url = positionals[0]!;
    if (!isHttpUrl(url)) throw new UsageError(`download needs an http(s) URL, got "${url}".`);
    const outPath = await resolveOutputPath(values.out as string | undefined, fileNameOf(url));
    const bytes = await saveVideo(ctx, url, outPath);
    ctx.out.result({ url, file: outPath, bytes }, `Saved ${outPath} (${formatBytes(bytes)})`);
  },
};
