/**
 * Why a render did not produce an MP4. `ffmpeg-unavailable` is the one a caller is expected to handle by
 * falling back (the emulator serves a tiny placeholder MP4 then); the others are real failures.
 */
export type RenderErrorCode =
  | 'ffmpeg-unavailable'
  | 'invalid-draft'
  | 'ffmpeg-failed'
  | 'timeout'
  | 'aborted';

/** A render failure with a machine-readable `code`; `stderr` holds ffmpeg's last output when it ran. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  readonly code: RenderErrorCode;
  /** The tail of ffmpeg's stderr (at most a few KB), when ffmpeg ran. */
  readonly stderr: string | undefined;
  /** ffmpeg's exit code, or the signal that ended it, when it ran. */
  readonly exit: number | NodeJS.Signals | null | undefined;

  constructor(
    code: RenderErrorCode,
    message: string,
    details: { stderr?: string; exit?: number | NodeJS.Signals | null; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.stderr = details.stderr;
    this.exit = details.exit;
  }
}

