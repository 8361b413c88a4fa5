import { onTestFinished } from 'vitest';
import { server } from './server.js';

/** One request msw saw, handled or not. */
export interface SeenRequest {
  method: string;
  url: string;
}

/**
 * Records every request that reaches msw during the current test (handled or not), so a test can assert
 * that nothing was sent. The listener is removed when the test finishes.
 */
export function recordRequests(): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const listener = ({ request }: { request: Request }) => void seen.push({ method: request.method, url: request.url });
  server.events.on('request:start', listener);
  onTestFinished(() => void server.events.removeListener('request:start', listener));
  return seen;
}
