/**
 * `nemo-video/studio`: the service's agent workflow on top of the client, for apps, bots and agent tools:
 * intent routing, GUI-phrase translation, timeline summary and diff, remedies, and {@link Studio}, which
 * runs them all.
 *
 * @example
 * ```ts
 * import { NemoVideo } from 'nemo-video';
 * import { Studio, routeIntent, summarizeTimeline } from 'nemo-video/studio';
 *
 * const studio = new Studio(new NemoVideo());
 * for await (const u of studio.say('generate a 30-second video from this script: Cities never sleep.')) console.log(u.message);
 * routeIntent('导出'); // 'export'
 * ```
 *
 * @module
 */
export { Studio, type StudioOptions, type SayOptions } from './studio.js';
export type { StudioUpdate, RemedyUpdate } from './studio-updates.js';
export { studioUpdatesToReadableStream, studioUpdatesToResponse, studioUpdatesFromResponse } from './updates-relay.js';
export type { StudioTimings } from './studio-timings.js';
export type { StudioFile } from './step-upload.js';
export type { BatchItem, BatchOptions, BatchResult } from './batch.js';
export { routeIntent, type Intent, type RouteIntentOptions } from './route-intent.js';
export { translateGuiText, type GuiAction, type GuiTranslation } from './gui-translation.js';
export { summarizeTimeline } from './summarize-timeline.js';
export { drawTimeline, type DrawTimelineOptions } from './timeline-picture.js';
export { timelineChanges } from './timeline-diff.js';
export { segmentLabels, segmentStart, segmentEnd, trackName, visibleTracks } from './timeline-fields.js';
export { remedyFor, type Remedy, type RemedyKind } from '../core/remedy.js';
