import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, testApp, type RunningServer } from './test-server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(testApp().app);
});
afterAll(() => server.close());

/** Each test uses its own `test-<uuid>` key, as parallel e2e tests would. */
const newKey = () => `test-${randomUUID()}`;

async function addFault(rule: object) {
  const res = await fetch(`${server.url}/__admin/faults`, { method: 'POST', body: JSON.stringify(rule) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

function send(key: string, id: string, path = '/conversations', init: RequestInit = {}, base = server.url) {
  const body = path === '/conversations' ? { id, type: 'support_copilot', messages: [{ id: `${id}-m1`, role: 'user', content: 'hi' }] } : { id, type: 'positive', messageId: 'm' };
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

async function stored(id: string, base = server.url): Promise<boolean> {
  const res = await fetch(`${base}/conversations/${id}`, { headers: { Authorization: 'Bearer read-key' } });
  return res.status === 200;
}

async function logFor(key: string, base = server.url) {
  const res = await fetch(`${base}/__admin/log?key=${encodeURIComponent(key)}`);
  return ((await res.json()) as { entries: { path: string; status: number | null; conversationId: string | null; fault: { mode: string; status?: number } | null }[] }).entries;
}

/** A latency the test ends: records what was asked for, resolves `called` on the first wait, waits for `release()`. */
function gatedSleep() {
  const ms: number[] = [];
  let release!: () => void;
  let called!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const first = new Promise<void>((r) => (called = r));
  return {
    ms,
    called: first,
    release: () => release(),
    sleep: (n: number) => {
      ms.push(n);
      called();
      return gate;
    },
  };
}

describe('fault injection (real server)', () => {
  it('answers with the status, a problem body and Retry-After, without storing', async () => {
    const key = newKey();
    await addFault({ key, status: 503, retryAfter: '7' });
    const res = await send(key, 'c-503');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(await stored('c-503')).toBe(false);

    expect((await send(key, 'c-503')).status).toBe(200); // count defaults to 1
    expect(await stored('c-503')).toBe(true);
    const log = await logFor(key);
    expect(log.map((e) => [e.status, e.fault?.mode ?? null])).toEqual([
      [503, 'status'],
      [200, null],
    ]);
    expect(log[0]?.conversationId).toBe('c-503');
  });

  it('omits Retry-After when the rule has none, and accepts an HTTP date', async () => {
    const key = newKey();
    await addFault({ key, status: 429 });
    const plain = await send(key, 'c-429');
    expect(plain.status).toBe(429);
    expect(plain.headers.has('retry-after')).toBe(false);

    const date = new Date(Date.now() + 5000).toUTCString();
    await addFault({ key, status: 503, retryAfter: date });
    expect((await send(key, 'c-429')).headers.get('retry-after')).toBe(date);
  });

  it('a 3xx status answers a redirect with Location (default /redirected), storing nothing', async () => {
    const key = newKey();
    await addFault({ key, status: 301, location: 'https://elsewhere.example/conversations' });
    const res = await send(key, 'c-301', '/conversations', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('https://elsewhere.example/conversations');
    await addFault({ key, status: 307 });
    expect((await send(key, 'c-301', '/conversations', { redirect: 'manual' })).headers.get('location')).toBe('/redirected');
    expect(await stored('c-301')).toBe(false);
    expect((await fetch(`${server.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ key, status: 299 }) })).status).toBe(422);
  });

  it('delays by latencyMs, then handles the request normally', async () => {
    const wait = gatedSleep();
    const own = await startServer(testApp({ sleep: wait.sleep }).app);
    try {
      await fetch(`${own.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 250 }) });
      const res = send('test-slow', 'c-slow', '/conversations', {}, own.url);
      // Waiting the fault's latency, and nothing handled yet: not stored.
      await wait.called;
      expect(wait.ms).toEqual([250]);
      expect(await stored('c-slow', own.url)).toBe(false);
      wait.release();
      expect((await res).status).toBe(200);
      expect(await stored('c-slow', own.url)).toBe(true);
      expect((await logFor('test-slow', own.url))[0]?.fault).toMatchObject({ mode: 'latency', latencyMs: 250 });
    } finally {
      await own.close();
    }
  });

  it('latency combined with a status delays the error', async () => {
    const wait = gatedSleep();
    const own = await startServer(testApp({ sleep: wait.sleep }).app);
    try {
      await fetch(`${own.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 150, status: 500 }) });
      let answered = false;
      const res = send('test-slow', 'c-slow-500', '/conversations', {}, own.url).then((r) => ((answered = true), r));
      await wait.called;
      expect(wait.ms).toEqual([150]);
      expect(answered).toBe(false);
      wait.release();
      expect((await res).status).toBe(500);
    } finally {
      await own.close();
    }
  });

  it('drop: closes the connection without a response and stores nothing', async () => {
    const key = newKey();
    await addFault({ key, mode: 'drop' });
    await expect(send(key, 'c-drop')).rejects.toThrow();
    expect(await stored('c-drop')).toBe(false);
    expect(await logFor(key)).toEqual([expect.objectContaining({ status: null, conversationId: 'c-drop', fault: expect.objectContaining({ mode: 'drop' }) })]);
  });

  it('hang: never answers until the client gives up', async () => {
    const key = newKey();
    await addFault({ key, mode: 'hang' });
    const gaveUp = new AbortController();
    const res = send(key, 'c-hang', '/conversations', { signal: gaveUp.signal });
    // Logged, and still unanswered: the client is the one that ends it.
    await expect.poll(async () => (await logFor(key)).length).toBe(1);
    expect((await logFor(key))[0]).toMatchObject({ status: null, fault: { mode: 'hang' } });
    gaveUp.abort();
    await expect(res).rejects.toThrow();
    expect(await stored('c-hang')).toBe(false);
  });

  it('hang does not block server shutdown', async () => {
    const own = await startServer(testApp().app);
    await fetch(`${own.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ mode: 'hang' }) });
    const pending = fetch(`${own.url}/events`, { method: 'POST', body: '{}' }).then(
      () => 'answered',
      () => 'failed',
    );
    await expect.poll(async () => ((await (await fetch(`${own.url}/__admin/log`)).json()) as { entries: unknown[] }).entries.length).toBeGreaterThanOrEqual(1);
    // close() resolves with the request still hung (a close that waited for it would never resolve:
    // the test's timeout, not a time bound, catches that), and the client sees the connection end.
    await own.close();
    expect(await pending).toBe('failed');
  });

  it('lose-response: stores the conversation, but the client sees a network error', async () => {
    const key = newKey();
    await addFault({ key, mode: 'lose-response' });
    await expect(send(key, 'c-lost')).rejects.toThrow();
    expect(await stored('c-lost')).toBe(true);
    expect((await logFor(key))[0]).toMatchObject({ status: 200, fault: { mode: 'lose-response' } });
    // The retry is harmless: the upsert just stores the same conversation again.
    expect((await send(key, 'c-lost')).status).toBe(200);
  });

  it('applies a rule to `count` matching requests, or until cleared with -1', async () => {
    const key = newKey();
    await addFault({ key, status: 500, count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(key, `c-count-${i}`)).status);
    expect(statuses).toEqual([500, 500, 200]);

    const rule = await addFault({ key, status: 502, count: -1 });
    for (let i = 0; i < 4; i++) expect((await send(key, 'c-forever')).status).toBe(502);
    expect((await fetch(`${server.url}/__admin/faults/${rule.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await send(key, 'c-forever')).status).toBe(200);
  });

  it('matches only the rule key and path', async () => {
    const key = newKey();
    const bystander = newKey();
    await addFault({ key, path: '/feedback', status: 500 });
    expect((await send(bystander, 'f1', '/feedback')).status).toBe(200);
    expect((await send(key, 'c-path')).status).toBe(200);
    expect((await send(key, 'f1', '/feedback')).status).toBe(500);
    expect((await send(key, 'f1', '/feedback')).status).toBe(200);
  });

  it('never faults reads or preflights', async () => {
    const key = newKey();
    await addFault({ key, status: 500 });
    await addFault({ key: 'read-key', status: 500 });
    const get = await fetch(`${server.url}/conversations`, { headers: { Authorization: 'Bearer read-key' } });
    expect(get.status).toBe(200);
    await fetch(`${server.url}/__admin/faults?key=read-key`, { method: 'DELETE' });
    const preflight = await fetch(`${server.url}/conversations`, { method: 'OPTIONS', headers: { Origin: 'http://x.test', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect((await send(key, 'c-after')).status).toBe(500);
  });

  it('faults the chat endpoint too, with CORS headers on the fault', async () => {
    await addFault({ path: '/v1/chat/completions', status: 503, retryAfter: '1' });
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { Origin: 'http://x.test' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://x.test');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });
});

describe('body limit over a real connection', () => {
  it('answers 413 for a declared oversize body and for an oversize chunked stream', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024 + 1);
    const declared = await fetch(`${server.url}/conversations`, { method: 'POST', headers: { Authorization: 'Bearer good-key' }, body: big });
    expect(declared.status).toBe(413);

    const chunks = [big.slice(0, 1_000_000), big.slice(1_000_000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const chunked = await fetch(`${server.url}/conversations`, {
      method: 'POST',
      headers: { Authorization: 'Bearer good-key' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    // The connection pool must still work afterwards.
    expect((await send('good-key', 'c-after-413')).status).toBe(200);
  });
});
