/**
 * Pure transitions of one outbox record. The flusher and the stores only move records around;
 * every rule about revisions, acknowledgement, failure and convergence lives here, where it can be
 * tested without a browser (and property-tested: no interleaving may lose a message or shrink a list).
 */
import type { Message } from './schema.ts';
import type { StatusBehavior } from './status-policy.ts';
import { backoffDelay } from './backoff.ts';
import { SupportCopilotError } from './support-copilot-error.ts';
import { toJson } from './json.ts';

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
  /** Epoch ms before which no retry is due (a load clamps it to the backoff cap: the clock may have jumped). */
  nextAttemptAt: number;
  state: RecordState;
  lastError: string | null;
  /** Epoch ms of the last write, for retention. */
  touchedAt: number;
  /**
   * The highest revision carried by a request whose outcome is unknown (timeout, network error,
   * page gone mid-request): a slow server may still process it, and since the API replaces the
   * message list, it would then replace a newer acknowledged one. Absent when there is none.
   */
  unsettledRev?: number;
  /** Epoch ms after which that request can no longer land: a request started later is the last word. */
  settleAt?: number;
}

/** The API documents 2 MB for request bodies; we hold every call to it. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Chromium refuses keepalive bodies over 64 KiB, shared by all keepalive requests in flight (measured: 65,536 pass, 65,537 throw). */
export const KEEPALIVE_BUDGET_BYTES = 64 * 1024;

/**
 * How long a request the client gave up on may still be processed by the server: twice the request
 * timeout after giving up (three times after it was sent). A server or proxy that holds a request
 * longer than that can still overwrite a newer list; nothing a client can do bounds it further.
 */
export const settleDelayMs = (requestTimeoutMs: number): number => 2 * requestTimeoutMs;

/** The one place the storage key format is defined. */
export const recordKey = (kind: RecordKind, id: string): string => `${kind}:${id}`;

const tooLarge = (bytes: number) =>
  new SupportCopilotError('conversation_too_large', `Conversation would be ${bytes} bytes, over the ${MAX_BODY_BYTES}-byte request limit; start a new conversation`);

/** UTF-8 bytes of a string, counted without encoding it (an append measures every message it stores). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    // 2 bytes below U+0800, else 3; a surrogate pair (two units) is 4 bytes, as is a lone surrogate as U+FFFD (3).
    n += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? (i++, 2) : 2;
  }
  return n;
}

/** The exact request body of a record. */
export function payloadOf(r: OutboxRecord): Record<string, unknown> {
  return r.kind === 'conversation' ? { ...r.body, messages: r.messages ?? [] } : r.body;
}

// Records are immutable (every transition makes a new one), so sizes are computed once per record,
// and a conversation's new size is its old one plus the message (no whole-record serialisation per append).
const sizes = /* @__PURE__ */ new WeakMap<OutboxRecord, number>();
const messageSizes = /* @__PURE__ */ new WeakMap<OutboxRecord, number>();
const sizeOf = (v: unknown) => utf8Length(toJson(v));

/** UTF-8 bytes of the messages array's items and the commas between them. */
function messagesBytes(r: OutboxRecord): number {
  let n = messageSizes.get(r);
  if (n === undefined) messageSizes.set(r, (n = (r.messages ?? []).reduce((sum, m, i) => sum + sizeOf(m) + (i ? 1 : 0), 0)));
  return n;
}

/** The exact UTF-8 size of the record's request body. */
export function bodyBytes(r: OutboxRecord): number {
  let n = sizes.get(r);
  if (n === undefined) {
    // `{...body,"messages":[...]}`: the body's own JSON without its closing brace, then the array.
    const body = sizeOf(r.body);
    n = r.kind === 'conversation' ? body - 1 + (body > 2 ? 1 : 0) + '"messages":['.length + messagesBytes(r) + ']}'.length : body;
    sizes.set(r, n);
  }
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

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

/**
 * Appends (or, for an id already present, replaces in place) one message and merges
 * conversation fields. Throws `conversation_too_large` instead of ever truncating. `keepOrder`
 * (dates stamped by us, not given by the host): dates earlier than the last message's, after the
 * clock moved back, are raised to it, so the payload keeps the order the visitor saw.
 */
export function appendMessage(
  old: OutboxRecord | undefined,
  conversationId: string,
  fields: Record<string, unknown>,
  message: Message,
  now: number,
  keepOrder = false,
): OutboxRecord {
  const base = old ?? fresh('conversation', conversationId, now);
  const messages = [...(base.messages ?? [])];
  const last = messages[messages.length - 1];
  if (keepOrder && last && time(last.createdAt) > time(message.createdAt)) message = { ...message, createdAt: last.createdAt, updatedAt: last.createdAt };
  // A loop, not findIndex: a page's findIndex returning a wrong index would put the message in a hole or over another (family 12).
  let at = -1;
  // From the end, so the first match wins (ids are unique; the same as findIndex).
  if (message.id !== undefined) for (let i = messages.length; i--; ) if (messages[i]!.id === message.id) at = i;
  const replaced = at >= 0 ? messages[at] : undefined;
  if (at >= 0) messages[at] = message;
  else messages.push(message);
  const iso = new Date(now).toISOString();
  const { messages: _ignored, ...rest } = fields;
  const body = {
    ...base.body,
    ...rest,
    id: conversationId,
    type: 'support_copilot',
    createdAt: (base.body.createdAt as string | undefined) ?? message.createdAt ?? iso,
    updatedAt: message.updatedAt ?? iso,
  };
  const next = bump({ ...base, body, messages }, now);
  if (old === undefined || messageSizes.has(old)) {
    const prev = old ? messagesBytes(old) : 0;
    messageSizes.set(next, replaced ? prev - sizeOf(replaced) + sizeOf(message) : prev + sizeOf(message) + (messages.length > 1 ? 1 : 0));
  }
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
  const { messages: _ignored, ...rest } = fields;
  return bump({ ...old, body: { ...old.body, ...rest, updatedAt: new Date(now).toISOString() } }, now);
}

/** Feedback and events are whole-document upserts. */
export function upsertDocument(old: OutboxRecord | undefined, kind: RecordKind, id: string, body: Record<string, unknown>, now: number): OutboxRecord {
  const next = bump({ ...(old ?? fresh(kind, id, now)), body: { ...body, id } }, now);
  const bytes = bodyBytes(next);
  if (bytes > MAX_BODY_BYTES) throw tooLarge(bytes);
  return next;
}

/** The server acknowledged a revision newer than what a request of unknown outcome carried: that request must not be the last word. */
export const converging = (r: Pick<OutboxRecord, 'ackedRev' | 'unsettledRev'>): boolean => r.unsettledRev !== undefined && r.ackedRev > r.unsettledRev;

/** Needs a request some time (pending data, a convergence resend) or a decision (blocked, rejected): the stores index these. */
export const isOpen = (r: Pick<OutboxRecord, 'state' | 'ackedRev' | 'unsettledRev'>): boolean => r.state !== 'delivered' || converging(r);

type Timing = Pick<OutboxRecord, 'state' | 'rev' | 'ackedRev' | 'nextAttemptAt' | 'unsettledRev' | 'settleAt'>;

/**
 * Due for a request at `now` (on the clock the record's times are on): unacknowledged data whose
 * backoff is over (`ignoreBackoff`: an explicit flush), or a convergence resend once the unknown
 * request can no longer land (never earlier: it would be pointless).
 */
export function needsSend(r: Timing, now: number, ignoreBackoff = false): boolean {
  const waited = ignoreBackoff || r.nextAttemptAt <= now;
  if (r.state === 'pending' && r.rev > r.ackedRev) return waited;
  return (r.state === 'pending' || r.state === 'delivered') && converging(r) && r.settleAt! <= now && waited;
}

/** When `needsSend` becomes true without new input (Infinity: never). */
export function dueAt(r: Timing): number {
  if (r.state === 'pending' && r.rev > r.ackedRev) return r.nextAttemptAt;
  return (r.state === 'pending' || r.state === 'delivered') && converging(r) ? Math.max(r.settleAt!, r.nextAttemptAt) : Infinity;
}

function withoutUnsettled(r: OutboxRecord): OutboxRecord {
  const { unsettledRev: _r, settleAt: _s, ...rest } = r;
  return rest;
}

/**
 * The server acknowledged the body of revision `sentRev`, sent at `sentAt`. `ackedRev` only moves
 * forward and only to what was really sent, so a newer revision written meanwhile is still sent
 * after this. A request of unknown outcome stops mattering once a request started after it could
 * land is acknowledged, or once it can no longer land and nothing newer was acknowledged.
 * Delivered feedback and events are deleted (undefined); conversations are kept whole, since a
 * later message must be sent with all earlier ones.
 */
export function markAcked(r: OutboxRecord, sentRev: number, now: number, sentAt = now): OutboxRecord | undefined {
  const ackedRev = Math.max(r.ackedRev, Math.min(sentRev, r.rev));
  const done = ackedRev >= r.rev;
  let next: OutboxRecord = {
    ...r,
    ackedRev,
    state: done ? 'delivered' : r.state === 'blocked' ? 'pending' : r.state,
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    touchedAt: done ? now : r.touchedAt,
  };
  if (r.unsettledRev !== undefined && (sentAt >= r.settleAt! || (now >= r.settleAt! && ackedRev <= r.unsettledRev))) next = withoutUnsettled(next);
  if (done && r.kind !== 'conversation' && !converging(next)) return undefined;
  return next;
}

/**
 * Applies a failed attempt's outcome. Retries back off (at least Retry-After); others stop until
 * new input or new config. `settleAt`: the outcome is unknown (the server may still process that
 * request until then), so the revision it carried is remembered for convergence.
 */
export function markFailed(
  r: OutboxRecord,
  behavior: StatusBehavior,
  error: string,
  now: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
  sentRev = r.rev,
  settleAt?: number,
): OutboxRecord {
  if (settleAt !== undefined) r = markUnsettled(r, sentRev, settleAt);
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

/**
 * A request carrying revision `rev` has an unknown outcome and may land until `settleAt`. Also
 * used by a page that finds a record pending at start: it cannot know whether the page before it
 * had a request in flight that a slow server may still process.
 */
export function markUnsettled(r: OutboxRecord, rev: number, settleAt: number): OutboxRecord {
  return { ...r, unsettledRev: Math.max(r.unsettledRev ?? 0, rev), settleAt: Math.max(r.settleAt ?? 0, settleAt) };
}

/** A blocked record becomes pending again (the configuration changed). */
export function unblock(r: OutboxRecord): OutboxRecord {
  return r.state === 'blocked' ? { ...r, state: 'pending', attempts: 0, nextAttemptAt: 0 } : r;
}
