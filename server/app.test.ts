import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from './body.ts';
import { testApp } from './test-server.ts';

const conversation = (messages: object[], extra: object = {}) => ({ type: 'support_copilot', messages, ...extra });
const msg = (id: string, role = 'user', content = `text of ${id}`) => ({ id, role, content });

function post(app: ReturnType<typeof testApp>['app'], path: string, body: unknown, key: string | null = 'good-key', headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, error: { code } });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(typeof body.instance).toBe('string');
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
  return body as { detail: string; error: { message: string } };
}

describe('auth', () => {
  const { app } = testApp();
  const valid = conversation([msg('m1')]);

  it('rejects a missing or malformed Authorization header with 401', async () => {
    await expectProblem(await post(app, '/conversations', valid, null), 401, 'unauthorized');
    await expectProblem(await post(app, '/conversations', valid, null, { Authorization: 'Basic Zm9vOmJhcg==' }), 401, 'unauthorized');
    await expectProblem(await post(app, '/conversations', valid, null, { Authorization: 'Bearer' }), 401, 'unauthorized');
  });

  it('rejects an unknown key with 401 and a revoked key with 403', async () => {
    await expectProblem(await post(app, '/conversations', valid, 'nope'), 401, 'unauthorized');
    await expectProblem(await post(app, '/conversations', valid, 'testx'), 401, 'unauthorized');
    await expectProblem(await post(app, '/conversations', valid, 'test-revoked'), 403, 'forbidden');
    await expectProblem(await post(app, '/conversations', valid, 'old-key'), 403, 'forbidden');
  });

  it('accepts exact keys and prefix keys', async () => {
    expect((await post(app, '/conversations', valid, 'good-key')).status).toBe(200);
    expect((await post(app, '/conversations', valid, 'test-3f2a')).status).toBe(200);
    expect((await post(app, '/feedback', { type: 'positive', messageId: 'm1' }, 'test-')).status).toBe(200);
  });

  it('requires a key for reads too', async () => {
    await expectProblem(await app.request('/conversations'), 401, 'unauthorized');
    await expectProblem(await app.request('/conversations/x', { headers: { Authorization: 'Bearer zzz' } }), 401, 'unauthorized');
    await expectProblem(await app.request('/events', { headers: { Authorization: 'Bearer test-revoked' } }), 403, 'forbidden');
  });
});

describe('validation', () => {
  const { app } = testApp();

  it('answers invalid JSON with 400 bad_request', async () => {
    const body = await expectProblem(await post(app, '/conversations', '{"type":'), 400, 'bad_request');
    expect(body.detail).toMatch(/JSON/);
  });

  it('answers schema failures with 400 naming the failing fields, as the real API does', async () => {
    const body = await expectProblem(
      await post(app, '/conversations', conversation([msg('a'), { id: 'b', role: 5 }], { visibility: 'secret' })),
      400,
      'bad_request',
    );
    expect(body.detail).toContain('messages.1.role: expected string, received number');
    expect(body.detail).toContain('visibility');
    expect(body.error.message).toBe(body.detail);

    const wrongType = await expectProblem(await post(app, '/conversations', { type: 'chat', messages: [] }), 400, 'bad_request');
    expect(wrongType.detail).toBe('Invalid conversation: type: expected one of "openai", "support_ticket", "support_copilot", received "chat"');
    const noMessageId = await expectProblem(await post(app, '/feedback', { type: 'positive' }), 400, 'bad_request');
    expect(noMessageId.detail).toMatch(/messageId/);
    const badDate = await expectProblem(
      await post(app, '/events', { type: 'x', entityType: 'message', messageId: 'm', createdAt: 'yesterday' }),
      400,
      'bad_request',
    );
    expect(badDate.detail).toMatch(/createdAt/);
  });

  it('stores nothing when validation fails', async () => {
    await post(app, '/conversations', conversation([{ id: 'z', role: 5 }], { id: 'rejected' }));
    expect((await app.request('/conversations/rejected', { headers: { Authorization: 'Bearer read-key' } })).status).toBe(404);
  });
});

describe('POST /conversations upsert', () => {
  it('replaces the message list and returns the stored conversation in the API shape', async () => {
    const { app } = testApp();
    const first = await post(app, '/conversations', conversation([msg('m1'), msg('m2', 'assistant'), msg('m3')], { id: 'c1', tags: ['a'] }));
    expect(first.status).toBe(200);
    const stored1 = (await first.json()) as { createdAt: string; messages: unknown[] };
    expect(stored1.messages).toHaveLength(3);

    await new Promise((r) => setTimeout(r, 5));
    const second = await post(app, '/conversations', conversation([msg('m1', 'user', 'edited')], { id: 'c1' }));
    expect(second.status).toBe(200);
    const stored = (await second.json()) as Record<string, unknown> & { messages: Record<string, unknown>[] };
    expect(Object.keys(stored).sort()).toEqual(
      ['id', 'externalId', 'externalUrl', 'type', 'supportTicketConversationId', 'createdAt', 'updatedAt', 'projectId', 'integrationId', 'visibility', 'userProperties', 'properties', 'tags', 'messages'].sort(),
    );
    expect(stored).toMatchObject({ id: 'c1', type: 'support_copilot', externalId: null, tags: null, visibility: null, userProperties: null });
    expect(stored.createdAt).toBe(stored1.createdAt);
    expect(stored.updatedAt).not.toBe(stored1.createdAt);
    expect(stored.messages).toEqual([
      expect.objectContaining({ id: 'm1', role: 'user', content: 'edited', type: 'support_copilot', conversationId: 'c1', name: null, links: null }),
    ]);

    const fetched = await app.request('/conversations/c1', { headers: { Authorization: 'Bearer read-key' } });
    expect(await fetched.json()).toEqual(stored);
  });

  it('keeps client timestamps and generates ids when absent', async () => {
    const { app } = testApp();
    const createdAt = '2024-05-01T10:00:00.000+02:00';
    const res = await post(app, '/conversations', conversation([{ role: 'user', content: 'hi', createdAt }], { createdAt }));
    const body = (await res.json()) as { id: string; createdAt: string; messages: { id: string; createdAt: string; conversationId: string }[] };
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.createdAt).toBe(createdAt);
    expect(body.messages[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.messages[0]?.createdAt).toBe(createdAt);
    expect(body.messages[0]?.conversationId).toBe(body.id);
  });

  it('lists newest first with ?limit= and 404s an unknown id', async () => {
    const { app } = testApp();
    for (const id of ['a', 'b', 'c']) await post(app, '/conversations', conversation([msg('m')], { id }));
    await post(app, '/conversations', conversation([msg('m')], { id: 'a' }));
    const auth = { headers: { Authorization: 'Bearer read-key' } };
    const list = (await (await app.request('/conversations', auth)).json()) as { conversations: { id: string }[] };
    expect(list.conversations.map((c) => c.id)).toEqual(['a', 'c', 'b']);
    const limited = (await (await app.request('/conversations?limit=2', auth)).json()) as { conversations: { id: string }[] };
    expect(limited.conversations.map((c) => c.id)).toEqual(['a', 'c']);
    await expectProblem(await app.request('/conversations/missing', auth), 404, 'not_found');
  });
});

describe('POST /feedback and /events', () => {
  it('upserts by id and lists them', async () => {
    const { app } = testApp();
    const fb = (await (await post(app, '/feedback', { id: 'f1', type: 'negative', messageId: 'm1', reasons: [{ label: 'wrong', details: '' }] })).json()) as Record<string, unknown>;
    expect(fb).toMatchObject({ id: 'f1', type: 'negative', messageId: 'm1', details: null, sources: null, reasons: [{ label: 'wrong', details: '' }] });
    const again = (await (await post(app, '/feedback', { id: 'f1', type: 'positive', messageId: 'm1' })).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ id: 'f1', type: 'positive', createdAt: fb.createdAt });

    const ev = (await (await post(app, '/events', { type: 'conversation_shared', entityType: 'conversation', conversationId: 'c1' })).json()) as Record<string, unknown>;
    expect(ev).toMatchObject({ type: 'conversation_shared', entityType: 'conversation', conversationId: 'c1', projectId: null });
    expect(typeof ev.id).toBe('string');

    const auth = { headers: { Authorization: 'Bearer read-key' } };
    expect(((await (await app.request('/feedback', auth)).json()) as { feedback: unknown[] }).feedback).toHaveLength(1);
    expect(((await (await app.request('/events', auth)).json()) as { events: unknown[] }).events).toEqual([ev]);
  });
});

describe('2 MB body limit', () => {
  /** A valid conversation body of exactly `size` bytes. */
  function bodyOfSize(size: number): string {
    const empty = JSON.stringify(conversation([msg('m1', 'user', '')]));
    return JSON.stringify(conversation([msg('m1', 'user', 'x'.repeat(size - empty.length))]));
  }

  it('accepts exactly 2 MB and rejects 2 MB + 1 with 413, with or without Content-Length', async () => {
    const { app } = testApp();
    const exact = bodyOfSize(MAX_BODY_BYTES);
    expect(Buffer.byteLength(exact)).toBe(2 * 1024 * 1024);
    expect((await post(app, '/conversations', exact)).status).toBe(200);

    const over = bodyOfSize(MAX_BODY_BYTES + 1);
    // Request bodies built from a string carry no Content-Length: the limit is enforced while reading.
    const body = await expectProblem(await post(app, '/conversations', over), 413, 'payload_too_large');
    expect(body.detail).toMatch(/2097152/);
    await expectProblem(await post(app, '/feedback', over, 'good-key', { 'Content-Length': String(over.length) }), 413, 'payload_too_large');
  });

  it('checks the size before parsing (an oversized non-JSON body is 413, not 400)', async () => {
    const { app } = testApp();
    await expectProblem(await post(app, '/events', '{'.repeat(MAX_BODY_BYTES + 1)), 413, 'payload_too_large');
  });
});

describe('CORS', () => {
  const { app } = testApp();

  it('answers preflight with 204 and the allowed headers and methods', async () => {
    const res = await app.request('/conversations', {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,Accept');
    // Writes only: a page on another origin never reads (issue 24).
    expect(res.headers.get('access-control-allow-methods')).toBe('POST,OPTIONS');
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it('allows private network access when Chrome asks for it', async () => {
    const res = await app.request('/events', {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Private-Network': 'true' },
    });
    expect(res.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('adds CORS headers to successes and errors alike, exposing Retry-After', async () => {
    for (const key of ['good-key', 'bad-key']) {
      const res = await post(app, '/conversations', conversation([]), key, { Origin: 'https://shop.example' });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    }
    const noOrigin = await post(app, '/feedback', {}, null);
    expect(noOrigin.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('request log and admin', () => {
  it('records every API request with ids, sizes, status and key', async () => {
    const { app } = testApp();
    const body = JSON.stringify(conversation([msg('m1'), msg('m2')], { id: 'c-log' }));
    await post(app, '/conversations', body, 'test-log');
    await post(app, '/conversations', '{not json', 'test-log');
    await post(app, '/feedback', { type: 'positive', messageId: 'm2' }, 'test-log');
    await post(app, '/conversations', conversation([]), 'other-key');
    await app.request('/conversations', { headers: { Authorization: 'Bearer test-log' } });

    const res = await app.request('/__admin/log?key=test-log');
    const { entries } = (await res.json()) as { entries: Record<string, unknown>[] };
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ['POST', '/conversations', 200],
      ['POST', '/conversations', 400],
      ['POST', '/feedback', 200],
      ['GET', '/conversations', 403],
    ]);
    // Keys are shown as a short prefix only; the filter still takes the full key.
    expect(entries[0]).toMatchObject({ key: 'te…', conversationId: 'c-log', messageIds: ['m1', 'm2'], messageCount: 2, bytes: body.length, fault: null });
    expect(entries[2]).toMatchObject({ messageIds: ['m2'], conversationId: null });
    expect(new Date(String(entries[0]?.time)).toISOString()).toBe(entries[0]?.time);

    const all = ((await (await app.request('/__admin/log')).json()) as { entries: { seq: number; key: string | null }[] }).entries;
    expect(all.map((e) => e.key)).toContain('other-…');
    expect(JSON.stringify(all)).not.toContain('other-key');
    const since = all[2]!.seq;
    const later = ((await (await app.request(`/__admin/log?since=${since}&path=/conversations`)).json()) as { entries: { seq: number }[] }).entries;
    expect(later.every((e) => e.seq > since)).toBe(true);
    expect(later).toHaveLength(2);

    expect((await app.request('/__admin/log', { method: 'DELETE' })).status).toBe(204);
    expect(((await (await app.request('/__admin/log')).json()) as { entries: unknown[] }).entries).toEqual([]);
  });

  it('resets data, log and faults', async () => {
    const { app } = testApp();
    await post(app, '/conversations', conversation([msg('m')], { id: 'gone' }));
    await app.request('/__admin/faults', { method: 'POST', body: JSON.stringify({ status: 500, count: -1 }) });
    expect((await app.request('/__admin/reset', { method: 'POST' })).status).toBe(204);
    expect((await app.request('/conversations/gone', { headers: { Authorization: 'Bearer read-key' } })).status).toBe(404);
    expect((await post(app, '/conversations', conversation([]))).status).toBe(200);
    expect(((await (await app.request('/__admin/faults')).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it('rejects invalid fault rules', async () => {
    const { app } = testApp();
    for (const rule of [{ mode: 'explode' }, { count: 0 }, { status: 200 }, { latencyMs: -1 }]) {
      const res = await app.request('/__admin/faults', { method: 'POST', body: JSON.stringify(rule) });
      expect(res.status).toBe(422);
    }
  });

  it('404s every admin route when admin is off', async () => {
    const { app } = testApp({ admin: false });
    expect((await app.request('/__admin/log')).status).toBe(404);
    expect((await app.request('/__admin/faults', { method: 'POST', body: '{"status":500}' })).status).toBe(404);
    expect((await app.request('/__admin/reset', { method: 'POST' })).status).toBe(404);
    expect((await post(app, '/conversations', conversation([]))).status).toBe(200);
  });
});

describe('static files', () => {
  const root = mkdtempSync(join(tmpdir(), 'collector-static-'));
  mkdirSync(join(root, 'dist'));
  mkdirSync(join(root, 'public'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(root, 'dist', 'support-copilot.js'), 'console.log(1)');
  writeFileSync(join(root, 'dist', 'support-copilot.js.map'), '{}');
  writeFileSync(join(root, 'public', 'plain.html'), '<p>plain</p>');
  writeFileSync(join(root, 'secret.txt'), 'secret');

  it('serves the page, the bundle and public files with content types and no-store', async () => {
    const { app } = testApp({ staticRoot: root });
    const cases: [string, string, string][] = [
      ['/', 'text/html', '<!doctype html><title>demo</title>'],
      ['/support-copilot.js', 'text/javascript', 'console.log(1)'],
      ['/support-copilot.js.map', 'application/json', '{}'],
      ['/dist/support-copilot.js', 'text/javascript', 'console.log(1)'],
      ['/plain.html', 'text/html', '<p>plain</p>'],
    ];
    for (const [path, type, text] of cases) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toBe(text);
    }
  });

  it('refuses traversal and missing files with 404', async () => {
    const { app } = testApp({ staticRoot: root });
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/dist/..%2f..%2fsecret.txt', '/missing.html', '/dist/']) {
      const res = await app.request(`http://localhost${path}`);
      expect(res.status, path).toBe(404);
    }
  });

  it('serves nothing without a static root', async () => {
    const { app } = testApp();
    expect((await app.request('/')).status).toBe(404);
  });
});
