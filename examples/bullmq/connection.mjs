// The queue's name and its Redis connection, shared by enqueue.mjs, worker.mjs and results.mjs.
import { Redis } from 'ioredis';

/** Every script works on this one queue. */
export const QUEUE = process.env.NEMO_QUEUE || 'nemo-video';

/**
 * A Redis connection from `REDIS_URL` (default redis://127.0.0.1:6379).
 *
 * A worker's (`{ worker: true }`) waits out a Redis that is down or restarting, as long as it takes: that is
 * what BullMQ asks of it (`maxRetriesPerRequest: null`). The one-shot scripts' gives up after a few tries, so
 * a wrong `REDIS_URL` is an error within seconds, not a hang.
 */
export function redisConnection({ worker = false } = {}) {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (worker) return new Redis(url, { maxRetriesPerRequest: null });
  return new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: (times) => (times > 3 ? null : 200 * times) });
}

/** The connection's address for messages, without a password. */
export function redisAddress() {
  const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  url.username = '';
  url.password = '';
  return url.href;
}
