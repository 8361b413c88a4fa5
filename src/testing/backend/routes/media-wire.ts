import type { MediaRecord } from '../state.js';

/** A media record as the upload response and the state's `video_infos` carry it (snake_case). */
export const mediaWire = (m: MediaRecord) => ({
  filename: m.filename,
  file_type: m.fileType,
  cdn_url: m.url,
  duration: m.duration,
  width: m.width,
  height: m.height,
  fps: m.fps,
  hash: m.hash,
});
