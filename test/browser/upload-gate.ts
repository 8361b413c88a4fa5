/**
 * A second door to the emulator of the browser tests, for upload progress: it holds each upload's body unread
 * until the page asks `GET /__release`, so a browser's progress stops part way on every machine instead of
 * racing to the end over a fast loopback (Chromium reports upload progress on a timer, and a few MB pass
 * 127.0.0.1 between two reports). `/__release` lets the held uploads through and answers, once each is done,
 * with their statuses: an upload whose page went away never reaches 200.
 */
import type { Emulator } from '../../src/testing/index.js';
import { serve, type RunningServer } from '../../src/testing/server/serve.js';

export async function startUploadGate(emulator: Emulator): Promise<RunningServer> {
  let open = () => {};
  let opened = new Promise<void>((resolve) => (open = resolve));
  const held: Promise<number>[] = [];
  return serve(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/__release') {
      open();
      opened = new Promise<void>((resolve) => (open = resolve));
      const statuses = await Promise.all(held.splice(0));
      return Response.json(statuses, { headers: { 'access-control-allow-origin': '*' } });
    }
    if (request.method !== 'POST' || !pathname.startsWith('/api/upload-video/')) return emulator.handle(request);
    const gate = opened;
    const answer = gate.then(() => emulator.handle(request));
    held.push(answer.then((response) => response.status, () => 0));
    return answer;
  });
}
