import { required } from '../arguments.js';
import type { Command } from '../command.js';
import { openInputFiles } from '../input-files.js';
import { uploadFiles } from '../transfers.js';

/** `nemo-video upload <file...> --session <id>`. */
export const uploadCommand: Command = {
  name: 'upload',
  summary: 'upload media files into a session',
  help: `nemo-video upload <file...> --session <id>

Uploads files into the session (videos mp4 mov avi webm mkv, images jpg jpeg png gif webp, audio mp3 wav
m4a aac; up to 200 MB each). Every file is checked before the first byte is sent. Then ask for them in
"chat --session <id>". Prints a line per file (a JSON object with --json).

Options:
  --session <id>   the session (printed by "generate" and "chat")

Example:
  nemo-video upload intro.mp4 logo.png --session 3f2c…`,
  options: { session: { type: 'string', short: 's' } },
  positionals: { min: 1, max: Infinity, what: 'the files to upload, e.g. nemo-video upload clip.mp4 --session <id>' },
  async run(ctx, { values, positionals }) {
    const sessionId = required('session', values.session, '<id>');
    const files = await openInputFiles(positionals);
    ctx.remember({ sessionId });
    const outcomes = await uploadFiles(ctx, sessionId, files);
    for (const [i, { filename, files: uploaded }] of outcomes.entries()) {
      const first = uploaded[0];
      ctx.out.result(
        { file: positionals[i], filename, type: first?.type, url: first?.url, files: uploaded },
        `Uploaded ${filename}${first?.type ? ` (${first.type})` : ''}${first?.url ? `: ${first.url}` : ''}`,
      );
    }
  },
};
