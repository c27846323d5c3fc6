/**
 * The demo ticket endpoint (issue 13), as strict as the analytics API (issue 24): web keys create,
 * API keys of the same project read, ids cannot be guessed, the visitor's link shows a receipt
 * only, bodies are bounded, reads get no CORS, tickets live in SQLite.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from './body.ts';
import { createApp } from './app.ts';
import { openStore } from './store.ts';
import { TICKET_ID } from './ticket-id.ts';
import { testApp } from './test-server.ts';

type App = ReturnType<typeof testApp>['app'];
const body = { name: 'Ada', email: 'ada@example.com', description: 'It broke', conversationId: 'conv-1', transcript: '# t' };
const post = (app: App, idempotencyKey: string | null, b: unknown = body, key: string | null = 'good-key', headers: Record<string, string> = {}) =>
  app.request('/tickets', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}), ...headers },
    body: typeof b === 'string' ? b : JSON.stringify(b),
  });
const get = (app: App, path: string, key?: string, headers: Record<string, string> = {}) =>
  app.request(path, { headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers } });
type Listed = { tickets: { id: string; requests: number; request: { description: string; email: string } }[] };

describe('demo ticket endpoint', () => {
  it('makes a ticket with an unguessable id, and answers a repeat of its Idempotency-Key with the same one', async () => {
    const { app } = testApp();
    const first = await post(app, 'sub-1');
    expect(first.status).toBe(201);
    const ticket = (await first.json()) as { id: string; url: string };
    expect(ticket.id).toMatch(TICKET_ID);
    expect(ticket.url).toBe(`http://localhost/tickets/${ticket.id}`);
    const again = await post(app, 'sub-1', { ...body, description: 'changed on retry' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(ticket);
    const other = (await (await post(app, 'sub-2')).json()) as { id: string };
    expect(other.id).not.toBe(ticket.id);
    const { tickets } = (await (await get(app, '/tickets', 'read-key')).json()) as Listed;
    expect(tickets.map((t) => [t.id, t.requests, t.request.description])).toEqual([
      [other.id, 1, 'It broke'],
      [ticket.id, 2, 'It broke'],
    ]);
    expect(((await (await get(app, `/tickets/${ticket.id}`, 'read-key')).json()) as { id: string }).id).toBe(ticket.id);
    expect((await get(app, '/tickets/T-0', 'read-key')).status).toBe(404);
  });

  it('draws ids at random: no two alike, no sequence, 60 bits each', async () => {
    const { app } = testApp();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(((await (await post(app, `k${i}`)).json()) as { id: string }).id);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(id).toMatch(TICKET_ID);
    // Consecutive tickets share no more leading characters than chance would.
    const shared = ids.slice(1).filter((id, i) => id.slice(0, 4) === ids[i]!.slice(0, 4)).length;
    expect(shared).toBeLessThan(3);
  });

  it('needs a key to create (web or API key) and an API key of the same project to read', async () => {
    const { app } = testApp();
    expect((await post(app, 'anon', body, null)).status).toBe(401);
    expect((await post(app, 'bad', body, 'nope')).status).toBe(401);
    expect((await post(app, 'revoked', body, 'test-revoked')).status).toBe(403);
    const mine = (await (await post(app, 'a', { ...body, email: 'mine@example.com' })).json()) as { id: string };
    const shop = (await (await post(app, 'a', { ...body, email: 'shop@example.com' }, 'shop-key')).json()) as { id: string };
    expect(shop.id).not.toBe(mine.id);

    expect((await get(app, '/tickets')).status).toBe(401);
    expect((await get(app, '/tickets', 'good-key')).status).toBe(403);
    expect((await get(app, `/tickets/${mine.id}`, 'good-key')).status).toBe(403);
    const listed = async (key: string) => ((await (await get(app, '/tickets', key)).json()) as Listed).tickets.map((t) => t.request.email);
    expect(await listed('read-key')).toEqual(['mine@example.com']);
    expect(await listed('shop-read')).toEqual(['shop@example.com']);
    // Another project's ticket is as absent as one that never existed.
    const cross = await get(app, `/tickets/${shop.id}`, 'read-key');
    expect(cross.status).toBe(404);
    expect(await cross.text()).not.toContain('shop@example.com');
    expect((await get(app, `/tickets/${shop.id}`, 'shop-read')).status).toBe(200);
  });

  it('shows the visitor a receipt at the ticket url: that it arrived, nothing of what it says', async () => {
    const { app } = testApp();
    const { id, url } = (await (await post(app, 'r1', { ...body, transcript: 'SECRET TRANSCRIPT' })).json()) as { id: string; url: string };
    const page = await get(app, new URL(url).pathname, undefined, { Accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
    const html = await page.text();
    expect(html).toContain(`Request ${id} received`);
    const json = await get(app, `/tickets/${id}`);
    expect(await json.json()).toEqual({ id, status: 'received' });
    for (const res of [html, JSON.stringify(await (await get(app, `/tickets/${id}`)).json())]) {
      for (const secret of ['ada@example.com', 'Ada', 'It broke', 'SECRET TRANSCRIPT', 'conv-1']) expect(res).not.toContain(secret);
    }
    expect((await get(app, '/tickets/T-0000000000AB')).status).toBe(404);
  });

  it('refuses a request without an Idempotency-Key (400) and a body that is not a ticket request (422)', async () => {
    const { app } = testApp();
    expect((await post(app, null)).status).toBe(400);
    expect((await post(app, 'k1', { ...body, email: 'nope' })).status).toBe(422);
    expect((await post(app, 'k2', { ...body, description: '  ' })).status).toBe(422);
    expect((await post(app, 'k3', [])).status).toBe(422);
    expect((await post(app, 'k4', '{')).status).toBe(400);
  });

  it('limits bodies like the analytics API: 413 over 2 MB, 400 when too deep, and later reads still work', async () => {
    const { app } = testApp();
    const big = JSON.stringify({ ...body, transcript: 'x'.repeat(MAX_BODY_BYTES) });
    const tooBig = await post(app, 'big', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('content-type')).toBe('application/problem+json');
    const deep = `{"email":"a@b.c","description":"d","conversationId":"c","page":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    expect((await post(app, 'deep', deep)).status).toBe(400);
    // Deep but within the limit: stored, and every later read can still serialise it.
    const nested = `{"email":"a@b.c","description":"d","conversationId":"c","page":${'{"a":'.repeat(MAX_JSON_DEPTH - 2)}1${'}'.repeat(MAX_JSON_DEPTH - 2)}}`;
    expect((await post(app, 'nested', nested)).status).toBe(201);
    expect((await post(app, 'after', body)).status).toBe(201);
    expect((await get(app, '/tickets', 'read-key')).status).toBe(200);
  });

  it('lets another origin post (preflight with Authorization and Idempotency-Key) but never read', async () => {
    const { app } = testApp();
    const preflight = (method: string) =>
      app.request('/tickets', { method: 'OPTIONS', headers: { Origin: 'https://help.example.com', 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key' } });
    const write = await preflight('POST');
    expect(write.headers.get('access-control-allow-origin')).toBe('https://help.example.com');
    expect(write.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    expect(write.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect((await preflight('GET')).headers.get('access-control-allow-origin')).toBeNull();
    const created = await post(app, 'c1', body, 'good-key', { Origin: 'https://help.example.com' });
    expect(created.headers.get('access-control-allow-origin')).toBe('https://help.example.com');
    const { id } = (await created.json()) as { id: string };
    for (const path of ['/tickets', `/tickets/${id}`]) {
      const res = await get(app, path, 'read-key', { Origin: 'https://evil.example' });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });

  it('keeps tickets, their idempotency keys and request counts across a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'collector-tickets-')), 'collector.sqlite');
    const open = () => {
      const db = openStore(file);
      return { db, app: createApp({ keys: ['w'], apiKeys: ['r'], db, admin: false }) };
    };
    const first = open();
    const made = (await (await post(first.app, 'sub-1', body, 'w')).json()) as { id: string; url: string };
    first.db.close();

    const second = open();
    try {
      const again = await post(second.app, 'sub-1', body, 'w');
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(made);
      const { tickets } = (await (await get(second.app, '/tickets', 'r')).json()) as Listed;
      expect(tickets.map((t) => [t.id, t.requests, t.request.email])).toEqual([[made.id, 2, 'ada@example.com']]);
    } finally {
      second.db.close();
    }
  });
});
