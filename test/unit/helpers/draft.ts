/**
 * A draft as the service stores it: short keys (`t`, `tt`, `sg`, `d`, `m`), the three known track codes plus
 * an unknown one, and unknown fields at draft, track and segment level. A fresh copy per call.
 */
export function wireDraft() {
  return {
    t: [
      {
        tt: 0,
        sg: [{ id: 'seg_v1', st: 0, du: 5000, src: 'https://cdn.test/clip.mp4', fx: { fade: true } }],
        locked: false,
      },
      { tt: 1, sg: [{ id: 'seg_a1', st: 0, du: 10000, vol: 0.4 }], mute: false },
      { tt: 7, sg: [{ id: 'seg_t1', txt: 'Hello', style: { font: 'Inter', size: 48 } }] },
      { tt: 3, sg: [], custom: 'kept' },
    ],
    d: 10000,
    m: { title: 'Demo', width: 1920, height: 1080 },
    v: 2,
  };
}

/** A draft whose tracks hold no segments: nothing to render. */
export const emptyWireDraft = () => ({ t: [{ tt: 0, sg: [] }], d: 0 });

/** The data of `GET /api/state/nemo_agent/me/<sid>/latest` around `draft` (omitted when undefined). */
export function stateData(draft?: unknown, sessionId = '5529798706024415232') {
  return {
    session_id: sessionId,
    task_id: 'task_1',
    task_name: 'project',
    state: {
      ...(draft !== undefined && { draft }),
      video_infos: [{ url: 'https://cdn.test/in.mp4' }],
      generated_media: [{ url: 'https://cdn.test/gen.mp4' }],
      canvas_config: { ratio: '16:9' },
      video_analyses: [{ scene: 1 }],
    },
  };
}
