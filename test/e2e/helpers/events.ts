/** Reading a chat stream to its end, or to the error that ends it. */
import type { ChatEvent } from '../../../src/index.js';

export { collect, collectUntilError } from '../../helpers/stream.js';

/** The events that carry content (no keep-alives). */
export const contentOf = (events: ChatEvent[]): ChatEvent[] => events.filter((e) => e.type !== 'heartbeat');

import { SCRIPT } from '../../helpers/emulator-log.js';

export { SCRIPT };

/** The generation request every flow starts with. */
export const GENERATE = `generate a 30-second video from this script: ${SCRIPT}`;
