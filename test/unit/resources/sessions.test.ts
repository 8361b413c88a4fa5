import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError } from '../../../src/index.js';
import { client, ok } from '../helpers/client.js';
import { recordRequests } from '../helpers/requests.js';
import { BASE, server } from '../helpers/server.js';

const PATH = `${BASE}/api/tasks/me/with-session/nemo_agent`;

/** Answers session creation with `data` and keeps each request body. */
function serveSession(data: unknown = { task_id: 'task_1', session_id: '5529798706024415232', user_id: 'anon_1' }) {
  const bodies: unknown[] = [];
  server.use(
    http.post(PATH, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(ok(data));
    }),
  );
  return bodies;
}

describe('sessions.create', () => {
  test('POSTs {task_name: "project", language: "en"} by default and maps the ids', async () => {
    const bodies = serveSession();
    await expect(client().sessions.create()).resolves.toEqual({ id: '5529798706024415232', taskId: 'task_1', userId: 'anon_1' });
    expect(bodies).toEqual([{ task_name: 'project', language: 'en' }]);
  });

  test("uses the client's language option, and a per-call language over it", async () => {
    const bodies = serveSession();
    const nv = client({ language: 'zh-CN' });
    await nv.sessions.create();
    await nv.sessions.create({ language: 'ja' });
    expect(bodies).toEqual([
      { task_name: 'project', language: 'zh-CN' },
      { task_name: 'project', language: 'ja' },
    ]);
  });

  test.each([[''], ['english please'], ['e'], [42]])('refuses language %j without sending anything', async (language) => {
    const seen = recordRequests();
    await expect(client().sessions.create({ language: language as string })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test("refuses an invalid client-wide language when creating, without sending anything", async () => {
    const seen = recordRequests();
    await expect(client({ language: 'not a tag' }).sessions.create()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  test('keeps 19-digit session and task ids sent as bare numbers exact, as strings', async () => {
    server.use(
      http.post(PATH, () =>
        HttpResponse.text('{"code":0,"message":"ok","data":{"task_id":9007199254740993123,"session_id":5529798706024415237}}', {
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    const session = await client().sessions.create();
    expect(session.id).toBe('5529798706024415237');
    expect(session.taskId).toBe('9007199254740993123');
    expect(session.userId).toBeUndefined();
  });

  test('keeps unknown fields the service adds', async () => {
    serveSession({ task_id: 'task_1', session_id: 's1', created_at: 1700000000000, plan: { tier: 'free' } });
    const session = await client().sessions.create();
    expect(session).toMatchObject({ id: 's1', taskId: 'task_1', created_at: 1700000000000, plan: { tier: 'free' } });
  });
});
