/** Keys belong to projects; web keys only write, API keys also read (issue 15, Inkeep's key model). */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostName } from './admin.ts';
import { keyChecker, maskKey, parseKeyList } from './auth.ts';
import { startServer, testApp } from './test-server.ts';

type App = ReturnType<typeof testApp>['app'];
const conversation = (id: string, content: string) => ({ id, type: 'support_copilot', messages: [{ id: `${id}-m1`, role: 'user', content }] });
const post = (app: App, path: string, key: string, body: unknown) =>
  app.request(path, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const get = (app: App, path: string, key: string) => app.request(path, { headers: { Authorization: `Bearer ${key}` } });
const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;

describe('key lists', () => {
  it('parses key[:project] entries, prefixes and the default project', () => {
    expect(parseKeyList(' a , b:shop,c*:staging,,d: ')).toEqual([
      { pattern: 'a', project: 'default' },
      { pattern: 'b', project: 'shop' },
      { pattern: 'c*', project: 'staging' },
      { pattern: 'd', project: 'default' },
    ]);
  });

  it('prefers an exact key over a prefix and an API key over a web key; revocation wins', () => {
    const check = keyChecker({ web: parseKeyList('t*:p1,both:p2'), api: parseKeyList('t-exact:p3,both:p4'), revoked: parseKeyList('t-gone') });
    expect(check('t-any')).toEqual({ project: 'p1', role: 'web' });
    expect(check('t-exact')).toEqual({ project: 'p3', role: 'api' });
    expect(check('both')).toEqual({ project: 'p4', role: 'api' });
    expect(check('t-gone')).toBe('revoked');
    expect(check('nope')).toBe('unknown');
  });

  it('masks keys to a short prefix', () => {
    expect(maskKey('test-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBe('test-0…');
    expect(maskKey('abc')).toBe('ab…');
    expect(maskKey(null)).toBeNull();
  });
});

describe('projects', () => {
  it('refuses cross-project reads, lists and overwrites: the same id is two documents', async () => {
    const { app } = testApp();
    expect((await post(app, '/conversations', 'good-key', conversation('same-id', 'default project text'))).status).toBe(200);
    expect((await post(app, '/conversations', 'shop-key', conversation('only-shop', 'shop text'))).status).toBe(200);

    // Read: another project's conversation does not exist for this key.
    expect((await get(app, '/conversations/same-id', 'shop-read')).status).toBe(404);
    expect((await get(app, '/conversations/only-shop', 'read-key')).status).toBe(404);
    // List: only the key's own project.
    const shopList = await json<{ conversations: { id: string }[] }>(get(app, '/conversations', 'shop-read'));
    expect(shopList.conversations.map((c) => c.id)).toEqual(['only-shop']);
    const defaultList = await json<{ conversations: { id: string }[] }>(get(app, '/conversations', 'read-key'));
    expect(defaultList.conversations.map((c) => c.id)).toEqual(['same-id']);

    // Overwrite: the shop's POST with the same id makes the shop's own document.
    expect((await post(app, '/conversations', 'shop-key', conversation('same-id', 'shop overwrite attempt'))).status).toBe(200);
    const mine = await json<{ messages: { content: string }[] }>(get(app, '/conversations/same-id', 'read-key'));
    expect(mine.messages.map((m) => m.content)).toEqual(['default project text']);
    const theirs = await json<{ messages: { content: string }[] }>(get(app, '/conversations/same-id', 'shop-read'));
    expect(theirs.messages.map((m) => m.content)).toEqual(['shop overwrite attempt']);

    // Feedback and events are per project too.
    await post(app, '/feedback', 'shop-key', { type: 'positive', messageId: 'm' });
    await post(app, '/events', 'good-key', { type: 'x', entityType: 'message', messageId: 'm' });
    expect((await json<{ feedback: unknown[] }>(get(app, '/feedback', 'read-key'))).feedback).toEqual([]);
    expect((await json<{ feedback: unknown[] }>(get(app, '/feedback', 'shop-read'))).feedback).toHaveLength(1);
    expect((await json<{ events: unknown[] }>(get(app, '/events', 'shop-read'))).events).toEqual([]);
  });

  it('web keys are write-only: every read needs an API key', async () => {
    const { app } = testApp();
    expect((await post(app, '/conversations', 'good-key', conversation('c', 'hi'))).status).toBe(200);
    for (const path of ['/conversations', '/conversations/c', '/feedback', '/events']) {
      const res = await get(app, path, 'good-key');
      expect(res.status, path).toBe(403);
      expect((await res.json()) as { detail: string }).toMatchObject({ detail: expect.stringMatching(/write-only/) });
    }
    expect((await get(app, '/conversations/c', 'read-key')).status).toBe(200);
    // API keys write too.
    expect((await post(app, '/events', 'read-key', { type: 'x', entityType: 'conversation', conversationId: 'c' })).status).toBe(200);
  });
});

describe('reads', () => {
  const { app } = testApp();

  it('never grants a read to another origin: no CORS headers on reads, no preflight for GET', async () => {
    for (const path of ['/conversations', '/conversations/x', '/feedback', '/events', '/tickets']) {
      const res = await app.request(path, { headers: { Authorization: 'Bearer read-key', Origin: 'https://evil.example' } });
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      const preflight = await app.request(path, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
      });
      expect(preflight.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });
});

describe('admin routes', () => {
  const preflight = (app: App, path: string, origin: string) =>
    app.request(`http://127.0.0.1:8787${path}`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Private-Network': 'true' },
    });

  it('refuse a cross-origin preflight and cross-site requests, with no CORS or private-network grant', async () => {
    const { app } = testApp();
    for (const path of ['/__admin/log', '/__admin/faults', '/__admin/reset']) {
      const res = await preflight(app, path, 'https://evil.example');
      expect(res.status, path).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-private-network')).toBeNull();
    }
    // A "simple" cross-site POST needs no preflight: it must not run either.
    await post(app, '/conversations', 'good-key', conversation('kept', 'hi'));
    const reset = await app.request('http://127.0.0.1:8787/__admin/reset', { method: 'POST', headers: { Origin: 'https://evil.example' } });
    expect(reset.status).toBe(403);
    const fromSite = await app.request('http://127.0.0.1:8787/__admin/log', { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(fromSite.status).toBe(403);
    expect((await get(app, '/conversations/kept', 'read-key')).status).toBe(200);
    // Same origin and tools (no Origin header) are served.
    expect((await app.request('http://127.0.0.1:8787/__admin/log', { headers: { Origin: 'http://127.0.0.1:8787', 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
    expect((await app.request('/__admin/log')).status).toBe(200);
  });

  it('never return a full key: log entries and fault rules show a short prefix; ?key= scopes faults', async () => {
    const { app } = testApp();
    const key = 'test-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const other = 'test-ffffffff-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    await post(app, '/conversations', key, conversation('c', 'hi'));
    await get(app, '/conversations', 'read-key');
    const added = await app.request('/__admin/faults', { method: 'POST', body: JSON.stringify({ key, status: 503 }) });
    await app.request('/__admin/faults', { method: 'POST', body: JSON.stringify({ key: other, status: 500 }) });
    const answers = [await added.text()];
    for (const path of ['/__admin/log', `/__admin/log?key=${key}`, '/__admin/faults', `/__admin/faults?key=${key}`]) {
      answers.push(await (await app.request(path)).text());
    }
    for (const text of answers) {
      for (const full of [key, other, 'read-key']) expect(text).not.toContain(full);
    }
    expect(JSON.parse(answers[2]!).entries.map((e: { key: string }) => e.key)).toEqual(['test-0…']);
    expect(JSON.parse(answers[4]!).faults).toEqual([expect.objectContaining({ key: 'test-0…', status: 503 })]);
    expect((await app.request(`/__admin/faults?key=${key}`, { method: 'DELETE' })).status).toBe(204);
    expect((await json<{ faults: { status: number }[] }>(app.request('/__admin/faults'))).faults.map((f) => f.status)).toEqual([500]);
  });

  it('answer only on local names: a foreign Host (DNS rebinding) gets 403 and no data, even same-origin', async () => {
    const { app } = testApp();
    await post(app, '/conversations', 'good-key', conversation('secret-conversation-id', 'hi'));
    const evil = 'http://evil.example:8787';
    const sameOrigin = { Origin: evil, 'Sec-Fetch-Site': 'same-origin' };
    for (const [method, path] of [['GET', '/__admin/log'], ['GET', '/__admin/faults'], ['DELETE', '/__admin/log'], ['POST', '/__admin/reset'], ['OPTIONS', '/__admin/log']] as const) {
      const res = await app.request(`${evil}${path}`, { method, headers: sameOrigin });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.text()).not.toContain('secret-conversation-id');
    }
    const install = await app.request(`${evil}/__admin/faults`, { method: 'POST', headers: sameOrigin, body: JSON.stringify({ status: 503, count: -1 }) });
    expect(install.status).toBe(403);
    // A Host header naming another machine, whatever the URL says.
    expect((await app.request('http://127.0.0.1:8787/__admin/log', { headers: { Host: 'evil.example' } })).status).toBe(403);
    // Nothing was installed or wiped: the log still has the conversation and writes still succeed.
    expect((await json<{ faults: unknown[] }>(app.request('http://127.0.0.1/__admin/faults'))).faults).toEqual([]);
    expect(await (await app.request('http://127.0.0.1/__admin/log')).text()).toContain('secret-conversation-id');
    expect((await post(app, '/conversations', 'good-key', conversation('next', 'hi'))).status).toBe(200);
    // Admin off: foreign names are refused too, local ones find nothing.
    const off = testApp({ admin: false }).app;
    expect((await off.request(`${evil}/__admin/log`)).status).toBe(403);
    expect((await off.request('http://127.0.0.1/__admin/log')).status).toBe(404);
  });

  it('answer on 127.0.0.1, localhost, [::1] and the configured HOST, with any port', async () => {
    const { app } = testApp({ host: 'devbox.lan' });
    for (const origin of ['http://127.0.0.1:8787', 'http://localhost:9000', 'http://[::1]:8787', 'http://LOCALHOST', 'http://devbox.lan:8787']) {
      expect((await app.request(`${origin}/__admin/log`)).status, origin).toBe(200);
    }
    expect((await app.request('http://devbox.lan.evil.example/__admin/log')).status).toBe(403);
    expect((await testApp().app.request('http://devbox.lan/__admin/log')).status).toBe(403);
    expect(['::1', '[::1]:80', 'Localhost:8787', '127.0.0.1:1', '0.0.0.0'].map(hostName)).toEqual(['[::1]', '[::1]', 'localhost', '127.0.0.1', '0.0.0.0']);
  });

  it('refuse a foreign Host header over a real connection', async () => {
    const server = await startServer(testApp().app);
    try {
      const { port } = new URL(server.url);
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path: '/__admin/log', headers: { Host: host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      expect(await status(`evil.example:${port}`)).toBe(403);
      expect(await status(`127.0.0.1:${port}`)).toBe(200);
    } finally {
      await server.close();
    }
  });
});
