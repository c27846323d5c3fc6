/**
 * Pure transitions of one outbox record. The flusher and the stores only move records around;
 * every rule about revisions, acknowledgement and failure lives here, where it can be tested
 * without a browser (and property-tested: no interleaving may lose a message or shrink a list).
 */
import type { Message } from './schema.ts';
import type { StatusBehavior } from './status-policy.ts';
import { backoffDelay } from './backoff.ts';
import { SupportCopilotError } from './support-copilot-error.ts';

export type RecordKind = 'conversation' | 'feedback' | 'event';
export type RecordState = 'pending' | 'delivered' | 'blocked' | 'rejected';

/** One document of the outbox, stored under `recordKey(kind, id)`. */
export interface OutboxRecord {
  v: 1;
  kind: RecordKind;
  id: string;
  /** The payload without `messages`; for conversations the messages are kept beside it. */
  body: Record<string, unknown>;
  messages?: Message[];
  /** Bumped on every write; the server holds everything up to `ackedRev`. */
  rev: number;
  ackedRev: number;
  attempts: number;
  nextAttemptAt: number;
  state: RecordState;
  lastError: string | null;
  /** Epoch ms of the last write, for retention. */
  touchedAt: number;
}

/** The API documents 2 MB for request bodies; we hold every call to it. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Chromium refuses keepalive bodies over 64 KiB, shared by all keepalive requests in flight (measured: 65,536 pass, 65,537 throw). */
export const KEEPALIVE_BUDGET_BYTES = 64 * 1024;

/** The one place the storage key format is defined. */
export const recordKey = (kind: RecordKind, id: string): string => `${kind}:${id}`;

const tooLarge = (bytes: number) =>
  new SupportCopilotError('conversation_too_large', `Conversation would be ${bytes} bytes, over the ${MAX_BODY_BYTES}-byte request limit; start a new conversation`);

const encoder = /* @__PURE__ */ new TextEncoder();
export const utf8Length = (s: string): number => encoder.encode(s).length;

/** The exact request body of a record. */
export function payloadOf(r: OutboxRecord): Record<string, unknown> {
  return r.kind === 'conversation' ? { ...r.body, messages: r.messages ?? [] } : r.body;
}

// Records are immutable (every transition makes a new one), so a size is computed once per record.
const sizes = /* @__PURE__ */ new WeakMap<OutboxRecord, number>();

/** The exact UTF-8 size of the record's request body. */
export function bodyBytes(r: OutboxRecord): number {
  let n = sizes.get(r);
  if (n === undefined) sizes.set(r, (n = utf8Length(JSON.stringify(payloadOf(r)))));
  return n;
}

function fresh(kind: RecordKind, id: string, now: number): OutboxRecord {
  return {
    v: 1,
    kind,
    id,
    body: {},
    rev: 0,
    ackedRev: 0,
    attempts: 0,
    nextAttemptAt: 0,
    state: 'pending',
    lastError: null,
    touchedAt: now,
    ...(kind === 'conversation' ? { messages: [] } : {}),
  };
}

/** New data makes a record pending again; a rejected one gets one more try with the new content. */
export function bump(r: OutboxRecord, now: number): OutboxRecord {
  const wasWaiting = r.state === 'pending' && r.attempts > 0;
  return {
    ...r,
    rev: r.rev + 1,
    state: r.state === 'blocked' ? 'blocked' : 'pending',
    // Keep an existing backoff: new messages must not turn a failing server into a hot loop.
    nextAttemptAt: wasWaiting ? r.nextAttemptAt : 0,
    attempts: wasWaiting ? r.attempts : 0,
    touchedAt: now,
  };
}

/**
 * Appends (or, for an id already present, replaces in place) one message and merges
 * conversation fields. Throws `conversation_too_large` instead of ever truncating.
 */
export function appendMessage(
  old: OutboxRecord | undefined,
  conversationId: string,
  fields: Record<string, unknown>,
  message: Message,
  now: number,
): OutboxRecord {
  const base = old ?? fresh('conversation', conversationId, now);
  const messages = [...(base.messages ?? [])];
  const at = message.id === undefined ? -1 : messages.findIndex((m) => m.id === message.id);
  if (at >= 0) messages[at] = message;
  else messages.push(message);
  const iso = new Date(now).toISOString();
  const body = {
    ...base.body,
    ...fields,
    id: conversationId,
    type: 'support_copilot',
    createdAt: (base.body.createdAt as string | undefined) ?? message.createdAt ?? iso,
    updatedAt: message.updatedAt ?? iso,
  };
  const next = bump({ ...base, body, messages }, now);
  const bytes = bodyBytes(next);
  if (bytes > MAX_BODY_BYTES) throw tooLarge(bytes);
  return next;
}

/**
 * New conversation-level fields (a ticket id, tags) for a stored conversation: a new revision, so
 * the next request carries them with every message. Never creates one: a request with no messages
 * would replace the server's list with an empty one.
 */
export function updateFields(old: OutboxRecord, fields: Record<string, unknown>, now: number): OutboxRecord {
  return bump({ ...old, body: { ...old.body, ...fields, updatedAt: new Date(now).toISOString() } }, now);
}

/** Feedback and events are whole-document upserts. */
export function upsertDocument(old: OutboxRecord | undefined, kind: RecordKind, id: string, body: Record<string, unknown>, now: number): OutboxRecord {
  const next = bump({ ...(old ?? fresh(kind, id, now)), body: { ...body, id } }, now);
  const bytes = bodyBytes(next);
  if (bytes > MAX_BODY_BYTES) throw tooLarge(bytes);
  return next;
}

export function needsSend(r: OutboxRecord, now: number, ignoreBackoff = false): boolean {
  return r.state === 'pending' && r.rev > r.ackedRev && (ignoreBackoff || r.nextAttemptAt <= now);
}

/**
 * The server acknowledged the body of revision `sentRev`. `ackedRev` only moves forward and only
 * to what was really sent, so a newer revision written meanwhile is still sent after this.
 * Delivered feedback and events are deleted (undefined); conversations are kept whole, since a
 * later message must be sent with all earlier ones.
 */
export function markAcked(r: OutboxRecord, sentRev: number, now: number): OutboxRecord | undefined {
  const ackedRev = Math.max(r.ackedRev, Math.min(sentRev, r.rev));
  const done = ackedRev >= r.rev;
  if (done && r.kind !== 'conversation') return undefined;
  return {
    ...r,
    ackedRev,
    state: done ? 'delivered' : r.state === 'blocked' ? 'pending' : r.state,
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    touchedAt: done ? now : r.touchedAt,
  };
}

/** Applies a failed attempt's outcome. Retries back off (at least Retry-After); others stop until new input or new config. */
export function markFailed(
  r: OutboxRecord,
  behavior: StatusBehavior,
  error: string,
  now: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
  sentRev = r.rev,
): OutboxRecord {
  // A refusal of revision N says nothing yet of N+1, written meanwhile: that one gets its own try.
  if (behavior.kind === 'rejected' && r.rev > sentRev) behavior = { kind: 'retry', pauseAll: false };
  if (behavior.kind === 'retry') {
    const attempts = r.attempts + 1;
    const delay = Math.max(backoffDelay(attempts, random), retryAfterMs ?? 0);
    return { ...r, attempts, nextAttemptAt: now + delay, lastError: error };
  }
  if (behavior.kind === 'delivered') return r;
  return { ...r, state: behavior.kind, attempts: r.attempts + 1, lastError: error };
}

/** A blocked record becomes pending again (the configuration changed). */
export function unblock(r: OutboxRecord): OutboxRecord {
  return r.state === 'blocked' ? { ...r, state: 'pending', attempts: 0, nextAttemptAt: 0 } : r;
}
