import { describe, expect, it } from 'vitest';
import type { TicketRequest } from '../widget-core/widget-types.ts';
import { hostCreateTicket, httpCreateTicket } from './create-ticket.ts';

const request = { submissionId: 'sub-1', name: 'Ada', email: 'ada@example.com', description: 'x', conversationId: 'c', transcript: null, page: null, userProperties: {}, createdAt: '2026-01-01T00:00:00Z' } as TicketRequest;

function fetchAnswering(status: number, body: string, headers: Record<string, string> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body, { status, headers });
  }) as unknown as typeof fetch;
  return { f, calls };
}

describe('httpCreateTicket', () => {
  it('POSTs the request as JSON with the submission id as Idempotency-Key, and reads the ticket', async () => {
    const { f, calls } = fetchAnswering(201, '{"id":1042,"url":"https://desk.example/1042"}');
    expect(await httpCreateTicket('https://desk.example/tickets', request, { timeoutMs: 1000, fetchImpl: f })).toEqual({ kind: 'created', ticket: { id: '1042', url: 'https://desk.example/1042' } });
    expect(calls[0]!.init.method).toBe('POST');
    expect((calls[0]!.init.headers as Record<string, string>)['Idempotency-Key']).toBe('sub-1');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual(request);
  });

  it('sends the widget key only to a ticket URL on the analytics origin, never to another help desk', async () => {
    const analytics = { apiKey: 'web-key', url: 'https://collector.example:8443' };
    const headers = async (url: string, a: typeof analytics | null = analytics) => {
      const { f, calls } = fetchAnswering(201, '{"id":"T-1"}');
      await httpCreateTicket(url, request, { timeoutMs: 1000, fetchImpl: f, ...(a ? { analytics: a } : {}) });
      return calls[0]!.init.headers as Record<string, string>;
    };
    expect((await headers('https://collector.example:8443/tickets')).Authorization).toBe('Bearer web-key');
    for (const other of ['https://desk.example/tickets', 'https://collector.example/tickets', 'http://collector.example:8443/tickets', 'https://collector.example:8443.evil.example/tickets', 'u']) {
      expect(await headers(other), other).not.toHaveProperty('Authorization');
    }
    expect(await headers('https://collector.example:8443/tickets', null)).not.toHaveProperty('Authorization');
    expect(await headers('https://collector.example:8443/tickets', { apiKey: '', url: analytics.url })).not.toHaveProperty('Authorization');
  });

  it('retries what may pass (5xx, 429 with Retry-After, network, timeout) and fails what cannot', async () => {
    expect(await httpCreateTicket('u', request, { timeoutMs: 1000, fetchImpl: fetchAnswering(503, '').f })).toMatchObject({ kind: 'retry', error: 'HTTP 503' });
    expect(await httpCreateTicket('u', request, { timeoutMs: 1000, fetchImpl: fetchAnswering(429, '', { 'Retry-After': '30' }).f, now: () => 0 })).toMatchObject({ kind: 'retry', retryAfterMs: 30_000 });
    expect(await httpCreateTicket('u', request, { timeoutMs: 1000, fetchImpl: fetchAnswering(422, '').f })).toEqual({ kind: 'failed', error: 'HTTP 422' });
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await httpCreateTicket('u', request, { timeoutMs: 1000, fetchImpl: offline })).toEqual({ kind: 'retry', error: 'Failed to fetch' });
    const hang = ((_: string, init: RequestInit) => new Promise((_r, reject) => init.signal!.addEventListener('abort', () => reject(new Error('aborted'))))) as unknown as typeof fetch;
    expect(await httpCreateTicket('u', request, { timeoutMs: 10, fetchImpl: hang })).toEqual({ kind: 'retry', error: 'no response within 10 ms' });
  });

  it('a 2xx without a ticket id is a failure the visitor sees (not a silent success)', async () => {
    expect(await httpCreateTicket('u', request, { timeoutMs: 1000, fetchImpl: fetchAnswering(200, 'ok').f })).toMatchObject({ kind: 'failed' });
    expect(await httpCreateTicket('u', request, { timeoutMs: 1000, fetchImpl: fetchAnswering(200, '{"id":""}').f })).toMatchObject({ kind: 'failed' });
  });

  it('keeps only http(s) ticket urls (the visitor gets a link to it)', async () => {
    expect(await httpCreateTicket('u', request, { timeoutMs: 1000, fetchImpl: fetchAnswering(200, '{"id":"T","url":"javascript:alert(1)"}').f })).toEqual({ kind: 'created', ticket: { id: 'T' } });
  });
});

describe('hostCreateTicket', () => {
  it('passes the request; a rejection is retried unless it says retryable: false', async () => {
    const seen: TicketRequest[] = [];
    expect(await hostCreateTicket(async (r) => (seen.push(r), { id: 'HD-1' }), request)).toEqual({ kind: 'created', ticket: { id: 'HD-1' } });
    expect(seen[0]!.submissionId).toBe('sub-1');
    expect(await hostCreateTicket(async () => Promise.reject(new Error('busy')), request)).toEqual({ kind: 'retry', error: 'busy' });
    expect(await hostCreateTicket(async () => Promise.reject(Object.assign(new Error('no such customer'), { retryable: false })), request)).toEqual({ kind: 'failed', error: 'no such customer' });
    expect(await hostCreateTicket(async () => ({}) as never, request)).toMatchObject({ kind: 'failed' });
  });
});
