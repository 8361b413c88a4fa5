import { SessionNotFoundError, StreamError } from 'nemo-video';

/**
 * An SDK message in the CLI's words: the SDK tells a programmer which method to call (`nv.state.get(…)`), a
 * person at a terminal needs the command instead. Messages without such advice pass through unchanged.
 */
export function inCliWords(error: unknown, message: string): string {
  if (error instanceof SessionNotFoundError) {
    return 'The session was not found (it may have expired): start a new one with `nemo-video generate` or `nemo-video chat`.';
  }
  if (error instanceof StreamError) {
    return message.replace(/check nv\.state\.get\("([^"]*)"\)/, 'check `nemo-video status --session $1`');
  }
  return message;
}
