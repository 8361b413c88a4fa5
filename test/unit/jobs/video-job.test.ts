import { expect, test } from 'vitest';
import { memoryJobStore, runVideoJob, type JobUpdate } from '../../../src/jobs/index.js';
import { FAST, fakeImage, jobsSetup } from '../helpers/jobs.js';

const SCRIPT = 'Cities never sleep. Lights flicker across the skyline.';

test('the whole job: a session, each image once, the script, each edit, one render, the URL; every step checkpointed before and after', async () => {
  const setup = jobsSetup();
  const store = memoryJobStore();
  const updates: JobUpdate[] = [];
  const spec = {
    id: 'teaser',
    script: SCRIPT,
    images: ['https://example.com/skyline.jpg', new File([new Uint8Array([1, 2, 3])], 'logo.png', { type: 'image/png' }), fakeImage('street.jpg')],
    aspect: '9:16' as const,
    seconds: 10,
    edits: ['add lo-fi background music', 'change the title to "Night shift"'],
  };
  const result = await runVideoJob(setup.client(), spec, { store, timings: FAST, onUpdate: (u) => updates.push(u) });

  expect(result).toMatchObject({ id: 'teaser', status: 'done', checkpoint: 'done', error: undefined, remedy: undefined });
  expect(result.url).toMatch(/^https:\/\/emulator\.test\/files\/render_\w+\.mp4$/);
  const sessionId = result.sessionId!;
  expect(setup.sessions()).toEqual([sessionId]);
  expect(setup.uploads(sessionId)).toHaveLength(3);
  expect(setup.chats(sessionId)).toEqual([
    `generate a 10-second video in 9:16, using the 3 uploaded images, from this script: ${SCRIPT}`,
    'add lo-fi background music',
    'change the title to "Night shift"',
  ]);
  expect(setup.renders(sessionId)).toEqual([result.renderId]);
  const draft = setup.emulator.draftOf(sessionId)!;
  expect(draft.m).toMatchObject({ aspect: '9:16', title: 'Night shift' });

  const checkpoints = updates.filter((u) => u.type === 'checkpoint').map((u) => u.checkpoint);
  expect(checkpoints).toEqual([
    'session:creating', 'session:created',
    'upload:0:sending', 'upload:0:sent', 'upload:1:sending', 'upload:1:sent', 'upload:2:sending', 'upload:2:sent',
    'message:0:sending', 'message:0:sent', 'message:0:confirmed',
    'message:1:sending', 'message:1:sent', 'message:1:confirmed',
    'message:2:sending', 'message:2:sent', 'message:2:confirmed',
    'render:submitting', 'render:submitted', 'render:completed',
    'done',
  ]);
  const record = await store.get('teaser');
  expect(record).toMatchObject({ version: 1, status: 'done', sessionId, render: { id: result.renderId, status: 'completed', url: result.url } });
  expect(record!.messages.map((m) => m.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
});
