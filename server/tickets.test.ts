import { describe, expect, it } from 'vitest';
import { testApp } from './test-server.ts';

const body = { name: 'Ada', email: 'ada@example.com', description: 'It broke', conversationId: 'conv-1', transcript: '# t' };
const post = (app: ReturnType<typeof testApp>['app'], key: string | null, b: unknown = body) =>
  app.request('/tickets', { method: 'POST', headers: { 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) }, body: JSON.stringify(b) });

describe('demo ticket endpoint', () => {
  it('makes a ticket, and answers a repeat of its Idempotency-Key with the same one', async () => {
    const { app } = testApp();
    const first = await post(app, 'sub-1');
    expect(first.status).toBe(201);
    const ticket = (await first.json()) as { id: string; url: string };
    expect(ticket.id).toMatch(/^T-\d+$/);
    expect(ticket.url).toBe(`http://localhost/tickets/${ticket.id}`);
    const again = await post(app, 'sub-1', { ...body, description: 'changed on retry' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(ticket);
    const other = (await (await post(app, 'sub-2')).json()) as { id: string };
    expect(other.id).not.toBe(ticket.id);
    const { tickets } = (await (await app.request('/tickets')).json()) as { tickets: { id: string; requests: number; request: { description: string } }[] };
    expect(tickets.map((t) => [t.id, t.requests, t.request.description])).toEqual([
      [other.id, 1, 'It broke'],
      [ticket.id, 2, 'It broke'],
    ]);
    expect(((await (await app.request(`/tickets/${ticket.id}`)).json()) as { id: string }).id).toBe(ticket.id);
    expect((await app.request('/tickets/T-0')).status).toBe(404);
  });

  it('refuses a request without a key (400) and a body that is not a ticket request (422)', async () => {
    const { app } = testApp();
    expect((await post(app, null)).status).toBe(400);
    expect((await post(app, 'k1', { ...body, email: 'nope' })).status).toBe(422);
    expect((await post(app, 'k2', { ...body, description: '  ' })).status).toBe(422);
    expect((await post(app, 'k3', [])).status).toBe(422);
    const bad = await app.request('/tickets', { method: 'POST', headers: { 'Idempotency-Key': 'k4' }, body: '{' });
    expect(bad.status).toBe(400);
  });

  it('answers CORS preflights with the Idempotency-Key header allowed', async () => {
    const { app } = testApp();
    const res = await app.request('/tickets', { method: 'OPTIONS', headers: { Origin: 'https://help.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://help.example.com');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
  });
});
