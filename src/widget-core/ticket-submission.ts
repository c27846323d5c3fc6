/**
 * A contact-form submission on its way to becoming a ticket, and every rule of how it moves:
 * pending (retried with the outbox's backoff while the outcome is transient or unknown) -> sent
 * (the ticket id and url known) -> linked (written onto the conversation), or failed (refused:
 * shown with "Try again"). Pure, like core/outbox-record.ts; the store and the sender only move
 * records around. The submission id is the idempotency key of every attempt, so a retry after an
 * unknown outcome cannot make a second ticket.
 */
import { backoffDelay } from '../core/backoff.ts';
import type { Ticket, TicketRequest } from './widget-types.ts';

export interface TicketSubmission {
  v: 1;
  /** = request.submissionId */
  id: string;
  request: TicketRequest;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  /** epoch ms; 0 = at once */
  nextAttemptAt: number;
  lastError: string | null;
  ticket: Ticket | null;
  /** the ticket is stored on its conversation (supportTicketConversationId, externalUrl) */
  linked: boolean;
  /** epoch ms of the last change */
  touchedAt: number;
}

/** What one attempt came to (from the host's createTicket or the ticket endpoint). */
export type TicketOutcome =
  | { kind: 'created'; ticket: Ticket }
  /** network error, timeout, 408/425/429/5xx, or a host rejection that may pass: try again later */
  | { kind: 'retry'; error: string; retryAfterMs?: number | undefined }
  /** refused as it is (4xx, or a host rejection with `retryable: false`): the visitor decides */
  | { kind: 'failed'; error: string };

export function newSubmission(request: TicketRequest, now: number): TicketSubmission {
  return { v: 1, id: request.submissionId, request, state: 'pending', attempts: 0, nextAttemptAt: 0, lastError: null, ticket: null, linked: false, touchedAt: now };
}

/** The outcome of an attempt. A submission already sent stays sent (another tab may have finished it first). */
export function applyOutcome(s: TicketSubmission, o: TicketOutcome, now: number, random: () => number = Math.random): TicketSubmission {
  if (s.state === 'sent') return s;
  if (o.kind === 'created') return { ...s, state: 'sent', ticket: o.ticket, lastError: null, nextAttemptAt: 0, touchedAt: now };
  const attempts = s.attempts + 1;
  if (o.kind === 'failed') return { ...s, state: 'failed', attempts, lastError: o.error, touchedAt: now };
  return { ...s, attempts, lastError: o.error, nextAttemptAt: now + Math.max(backoffDelay(attempts, random), o.retryAfterMs ?? 0), touchedAt: now };
}

/** "Try again" on a failed one, or "retry now" when the connection returns: due at once, backoff kept for later failures. */
export const retryNow = (s: TicketSubmission, now: number): TicketSubmission =>
  s.state === 'sent' ? s : { ...s, state: 'pending', nextAttemptAt: 0, touchedAt: now };

export const markLinked = (s: TicketSubmission, now: number): TicketSubmission => ({ ...s, linked: true, touchedAt: now });

/** Something is left to do for it: send it, or write its ticket onto the conversation. */
export const unfinished = (s: TicketSubmission): boolean => s.state === 'pending' || (s.state === 'sent' && !s.linked);

export const isDue = (s: TicketSubmission, now: number): boolean => s.state === 'pending' && s.nextAttemptAt <= now;

/** A stored value that is a submission we can work with (storage is the page's: anything may be there). */
export function isSubmission(v: unknown): v is TicketSubmission {
  const s = v as TicketSubmission | null;
  return !!s && s.v === 1 && typeof s.id === 'string' && !!s.request && typeof s.request.conversationId === 'string' && ['pending', 'sent', 'failed'].includes(s.state);
}
