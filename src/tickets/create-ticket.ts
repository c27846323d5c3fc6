/**
 * One attempt at turning a submission into a ticket, through the host's `createTicket` or a JSON
 * POST to `ticketUrl`, as a TicketOutcome. Never throws. The submission id goes along every time
 * (`request.submissionId`, and the `Idempotency-Key` header), so the receiver can answer a retry
 * with the ticket it already made. The widget's key goes along only to a ticket URL on the
 * analytics service's own origin (the collector's `/tickets` wants a web key), never to another
 * help desk.
 */
import { parseRetryAfter } from '../core/backoff.ts';
import { statusBehavior } from '../core/status-policy.ts';
import type { TicketOutcome } from '../widget-core/ticket-submission.ts';
import type { Ticket, TicketRequest } from '../widget-core/widget-types.ts';
import { fromJson, toJson } from '../core/json.ts';
import { bare } from '../core/own-copy.ts';
import { guarded } from '../core/guarded.ts';

const reason = (e: unknown) => String((e as Error)?.message ?? e);

/** A ticket as answered: an id (string or number) and maybe an http(s) url. */
function asTicket(v: unknown): Ticket | null {
  const t = v as { id?: unknown; url?: unknown } | null;
  if (!t || (typeof t.id !== 'string' && typeof t.id !== 'number') || t.id === '') return null;
  const url = typeof t.url === 'string' && /^https?:\/\//i.test(t.url) ? t.url : undefined;
  return { id: String(t.id), ...(url ? { url } : {}) };
}

/** The host's function: a rejection is retried, unless it says `retryable: false`. */
export async function hostCreateTicket(fn: (r: TicketRequest) => Promise<Ticket>, request: TicketRequest): Promise<TicketOutcome> {
  try {
    const ticket = asTicket(await fn(request));
    return ticket ? { kind: 'created', ticket } : { kind: 'failed', error: 'createTicket resolved without a ticket id' };
  } catch (e) {
    return (e as { retryable?: unknown })?.retryable === false ? { kind: 'failed', error: reason(e) } : { kind: 'retry', error: reason(e) };
  }
}

export interface HttpTicketOptions {
  timeoutMs: number;
  /** The widget's `apiKey` and `analyticsUrl`: the key is sent (`Authorization: Bearer`) only when the ticket URL has that origin. */
  analytics?: { apiKey?: string | undefined; url?: string | undefined };
  fetchImpl?: typeof fetch;
  now?: () => number;
}

const httpOrigin = (url: string | undefined): string | null => {
  try {
    const u = new URL(url ?? '');
    return /^https?:$/.test(u.protocol) ? u.origin : null;
  } catch {
    return null;
  }
};

/** POST the request as JSON; statuses mean what they mean for the outbox (core/status-policy.ts). */
export async function httpCreateTicket(url: string, request: TicketRequest, o: HttpTicketOptions): Promise<TicketOutcome> {
  const own = httpOrigin(url);
  const key = o.analytics?.apiKey && own !== null && own === httpOrigin(o.analytics.url) ? o.analytics.apiKey : '';
  const ctrl = new AbortController();
  const timer = setTimeout(guarded(() => ctrl.abort()), o.timeoutMs);
  try {
    // Null-prototype dictionaries: fetch reads inherited keys too (a page's `Object.prototype.headers`).
    const res = await (o.fetchImpl ?? fetch)(
      url,
      bare<RequestInit>({
        method: 'POST',
        headers: bare({ 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': request.submissionId, ...(key ? { Authorization: `Bearer ${key}` } : {}) }),
        body: toJson(request),
        signal: ctrl.signal,
      }),
    );
    // Read the body: a connection cut after the headers is an unknown outcome, so a retry.
    const text = await res.text();
    const behavior = statusBehavior(res.status);
    if (behavior.kind === 'delivered') {
      let ticket: Ticket | null = null;
      try {
        ticket = asTicket(fromJson(text));
      } catch {
        /* not JSON: below */
      }
      return ticket ? { kind: 'created', ticket } : { kind: 'failed', error: `HTTP ${res.status} without a ticket id` };
    }
    if (behavior.kind === 'retry') return { kind: 'retry', error: `HTTP ${res.status}`, retryAfterMs: parseRetryAfter(res.headers.get('Retry-After'), (o.now ?? Date.now)()) };
    return { kind: 'failed', error: `HTTP ${res.status}` };
  } catch (e) {
    return { kind: 'retry', error: ctrl.signal.aborted ? `no response within ${o.timeoutMs} ms` : reason(e) };
  } finally {
    clearTimeout(timer);
  }
}
