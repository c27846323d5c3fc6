/**
 * The demo ticket endpoint the contact form sends to (`ticketUrl: '/tickets'`): a stand-in for a
 * help desk's "create ticket" API, with the one property the widget relies on: a request carries
 * an `Idempotency-Key` (the submission id) and a repeat of it is answered with the ticket the first
 * one made, so a retry after a lost response never makes a second ticket.
 *   POST /tickets        JSON { name, email, description, conversationId, transcript, ... } -> { id, url }
 *   GET  /tickets        every ticket, newest first, with how many requests each key got (tests, demo)
 *   GET  /tickets/:id    one ticket (the `url` the widget shows the visitor)
 * In memory: a demo, not a help desk.
 */
import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import { randomUUID } from 'node:crypto';
import type { AppEnv } from './env.ts';
import { problem } from './problem.ts';

export interface StoredTicket {
  id: string;
  url: string;
  idempotencyKey: string;
  /** POSTs that carried this key (1 = sent once; more = retries answered with the same ticket). */
  requests: number;
  createdAt: string;
  request: Record<string, unknown>;
}

const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;

/** Why a body is not a ticket request, or null when it is one. */
function invalid(b: Record<string, unknown>): string | null {
  if (!text(b.email, 320) || !/^[^\s@]+@[^\s@]+$/.test(b.email as string)) return 'email: expected an email address';
  if (!text(b.description, 20_000) || !(b.description as string).trim()) return 'description: expected a non-empty string';
  if (!text(b.conversationId, 255)) return 'conversationId: expected a string';
  if (b.name !== undefined && !text(b.name, 200)) return 'name: expected a string';
  if (b.transcript != null && !text(b.transcript, 2_000_000)) return 'transcript: expected a string or null';
  return null;
}

export function mountTickets(app: Hono<AppEnv>): void {
  const tickets = new Map<string, StoredTicket>();
  let next = 1000;
  const fail = (path: string, status: number, detail: string) => problem(status, detail, { instance: path, requestId: randomUUID() });

  // A help centre on another origin may post here (the header is not a CORS-safelisted one).
  const allow = cors({ origin: (origin) => origin || '*', allowHeaders: ['Content-Type', 'Accept', 'Idempotency-Key'], allowMethods: ['GET', 'POST', 'OPTIONS'], maxAge: 86400 });
  app.use('/tickets', allow);
  app.use('/tickets/*', allow);

  app.post('/tickets', async (c) => {
    const key = c.req.header('idempotency-key');
    if (!key || key.length > 255) return fail(c.req.path, 400, 'An Idempotency-Key header (1 to 255 characters) is required');
    const seen = tickets.get(key);
    if (seen) {
      seen.requests++;
      return c.json({ id: seen.id, url: seen.url });
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return fail(c.req.path, 400, 'Request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(c.req.path, 422, 'Expected a JSON object');
    const why = invalid(body as Record<string, unknown>);
    if (why) return fail(c.req.path, 422, why);
    // Checked again after the await: two requests with one key may have raced through the body read.
    const raced = tickets.get(key);
    if (raced) {
      raced.requests++;
      return c.json({ id: raced.id, url: raced.url });
    }
    const id = `T-${++next}`;
    const ticket: StoredTicket = { id, url: `${new URL(c.req.url).origin}/tickets/${id}`, idempotencyKey: key, requests: 1, createdAt: new Date().toISOString(), request: body as Record<string, unknown> };
    tickets.set(key, ticket);
    return c.json({ id, url: ticket.url }, 201);
  });

  app.get('/tickets', (c) => c.json({ tickets: [...tickets.values()].reverse() }));
  app.get('/tickets/:id', (c) => {
    const ticket = [...tickets.values()].find((t) => t.id === c.req.param('id'));
    return ticket ? c.json(ticket) : fail(c.req.path, 404, `No ticket ${c.req.param('id')}`);
  });
}
