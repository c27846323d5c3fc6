/**
 * The demo ticket endpoint the contact form sends to (`ticketUrl: '/tickets'`): a stand-in for a
 * help desk's "create ticket" API, with the one property the widget relies on: a request carries
 * an `Idempotency-Key` (the submission id) and a repeat of it is answered with the ticket the first
 * one made, so a retry after a lost response never makes a second ticket.
 *   POST /tickets        web or API key; JSON { name, email, description, conversationId, transcript, ... } -> { id, url }
 *   GET  /tickets        API key: the project's tickets, newest first, with how many requests each key got
 *   GET  /tickets/:id    API key: the ticket. Without an Authorization header: the visitor's receipt
 *                        (the `url` the widget links), which says the request arrived and nothing else
 * A ticket holds an email address and maybe a whole transcript: only its project's API key reads it.
 * Stored in the collector's SQLite file (ticket-table.ts).
 */
import { escapeHtml } from './render-markdown.ts';
import type { AppContext } from './env.ts';
import { jsonBody, type Fail, type Route } from './pipeline.ts';
import type { StoredTicket, TicketTable } from './ticket-table.ts';
import { newTicketId } from './ticket-id.ts';

const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;

/** Why a body is not a ticket request, or null when it is one. */
function invalid(b: Record<string, unknown>): string | null {
  if (!text(b.email, 320) || !/^[^\s@]+@[^\s@]+$/.test(b.email as string)) return 'email: expected an email address';
  if (!text(b.description, 20_000) || !(b.description as string).trim()) return 'description: expected a non-empty string';
  if (!text(b.conversationId, 255)) return 'conversationId: expected a string';
  if (b.name !== undefined && !text(b.name, 200)) return 'name: expected a string';
  if (b.transcript != null && typeof b.transcript !== 'string') return 'transcript: expected a string or null';
  return null;
}

const listLimit = (c: AppContext) => {
  const n = Number(c.req.query('limit') ?? 100);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : 100;
};

/** What anyone holding the ticket's URL may see: that it arrived. No name, email, text or transcript. */
function receipt(c: AppContext, ticket: StoredTicket): Response {
  const id = escapeHtml(ticket.id);
  if (!(c.req.header('accept') ?? '').includes('text/html')) return c.json({ id: ticket.id, status: 'received' });
  // Nothing on the page runs or loads anything: it is text.
  c.header('Content-Security-Policy', "default-src 'none'");
  c.header('Cache-Control', 'no-store');
  return c.html(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Request ${id} received</title></head>
<body>
  <main>
    <h1>Request ${id} received</h1>
    <p>We have your request. Support will reply to the email address you gave; keep this number to refer to it.</p>
  </main>
</body>
</html>
`);
}

export function mountTickets(route: Route, tickets: TicketTable, fail: Fail): void {
  // A help centre on another origin posts here (Idempotency-Key is not a CORS-safelisted header).
  route('POST', '/tickets', { access: 'write', crossOrigin: true, allowHeaders: ['Idempotency-Key'] }, (c) => {
    const { project } = c.get('grant')!;
    const key = c.req.header('idempotency-key');
    if (!key || key.length > 255) return fail(c, 400, 'An Idempotency-Key header (1 to 255 characters) is required');
    // Before the body is checked: a retry is answered with the first ticket whatever it carries now.
    const seen = tickets.repeat(project, key);
    if (seen) return c.json({ id: seen.id, url: seen.url });
    const body = jsonBody(c);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(c, 422, 'Expected a JSON object');
    const why = invalid(body as Record<string, unknown>);
    if (why) return fail(c, 422, why);
    const origin = new URL(c.req.url).origin;
    for (;;) {
      const id = newTicketId();
      const ticket: StoredTicket = { id, url: `${origin}/tickets/${id}`, idempotencyKey: key, requests: 1, createdAt: new Date().toISOString(), request: body as Record<string, unknown> };
      if (tickets.insert(project, ticket)) return c.json({ id, url: ticket.url }, 201);
    }
  });

  route('GET', '/tickets', { access: 'read' }, (c) => c.json({ tickets: tickets.list(c.get('grant')!.project, listLimit(c)) }));

  route('GET', '/tickets/:id', { access: 'receipt' }, (c) => {
    const grant = c.get('grant');
    const found = tickets.get(c.req.param('id') ?? '');
    // Another project's ticket is as absent as one that never existed.
    if (!found || (grant && grant.project !== found.project)) return fail(c, 404, `No ticket ${c.req.param('id')}`);
    return grant ? c.json(found.ticket) : receipt(c, found.ticket);
  });
}
