import { describe, expect, it } from 'vitest';
import {
  appendMessage, bodyBytes, converging, dueAt, isOpen, markAcked, markFailed, markUnsettled, MAX_BODY_BYTES, needsSend, payloadOf, recordKey, unblock,
  upsertDocument, utf8Length,
} from './outbox-record.ts';
import { BACKOFF_CAP_MS, rebase } from './backoff.ts';
import type { Message } from './schema.ts';
import type { OutboxRecord } from './outbox-record.ts';
import { SupportCopilotError } from './support-copilot-error.ts';
import { statusBehavior } from './status-policy.ts';
import { conversationSchema } from './schema.ts';

const T0 = Date.UTC(2026, 0, 1);
const iso = (t: number) => new Date(t).toISOString();
const msg = (id: string, content = `content of ${id}`, at = T0): Message => ({ id, role: 'user', content, createdAt: iso(at), updatedAt: iso(at) });
const RETRY = statusBehavior(500);
const BLOCKED = statusBehavior(401);
const REJECTED = statusBehavior(422);

function conv(...ids: string[]): OutboxRecord {
  let r: OutboxRecord | undefined;
  ids.forEach((id, i) => (r = appendMessage(r, 'c1', {}, msg(id, undefined, T0 + i), T0 + i)));
  return r!;
}

describe('appendMessage', () => {
  it('creates a pending conversation record at rev 1', () => {
    const r = appendMessage(undefined, 'c1', { supportTicketConversationId: 'T-1' }, msg('m1'), T0 + 5);
    expect(r).toMatchObject({ v: 1, kind: 'conversation', id: 'c1', rev: 1, ackedRev: 0, attempts: 0, nextAttemptAt: 0, state: 'pending', lastError: null, touchedAt: T0 + 5 });
    expect(r.body).toEqual({ supportTicketConversationId: 'T-1', id: 'c1', type: 'support_copilot', createdAt: iso(T0), updatedAt: iso(T0) });
    expect(r.messages).toEqual([msg('m1')]);
    expect(recordKey(r.kind, r.id)).toBe('conversation:c1');
    // The body it would send is a valid API payload.
    expect(conversationSchema.safeParse(payloadOf(r)).success).toBe(true);
  });

  it("a page's Array#findIndex returning a wrong index changes nothing: appended in order, replaced in place", () => {
    const findIndex = Array.prototype.findIndex;
    Array.prototype.findIndex = function (this: unknown[], ...a: Parameters<typeof findIndex>) {
      return -findIndex.apply(this, a);
    };
    try {
      let r = appendMessage(undefined, 'c1', {}, msg('m1'), T0);
      r = appendMessage(r, 'c1', {}, msg('m2'), T0);
      r = appendMessage(r, 'c1', {}, { ...msg('m1'), content: 'edited' }, T0);
      expect(r.messages).toEqual([{ ...msg('m1'), content: 'edited' }, msg('m2')]);
    } finally {
      Array.prototype.findIndex = findIndex;
    }
  });

  it('stamps createdAt/updatedAt from now when the message has no dates; createdAt never changes afterwards', () => {
    const r1 = appendMessage(undefined, 'c1', {}, { role: 'user' }, T0);
    expect(r1.body.createdAt).toBe(iso(T0));
    expect(r1.body.updatedAt).toBe(iso(T0));
    const r2 = appendMessage(r1, 'c1', {}, { role: 'assistant' }, T0 + 60_000);
    expect(r2.body.createdAt).toBe(iso(T0));
    expect(r2.body.updatedAt).toBe(iso(T0 + 60_000));
  });

  it('appends in order and bumps rev each time', () => {
    const r = conv('a', 'b', 'c');
    expect(r.messages?.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(r.rev).toBe(3);
  });

  it('replaces a message with the same id in place, without duplicating it', () => {
    const r = conv('a', 'b', 'c');
    const edited = appendMessage(r, 'c1', {}, msg('b', 'edited'), T0 + 10);
    expect(edited.messages?.map((m) => [m.id, m.content])).toEqual([
      ['a', 'content of a'],
      ['b', 'edited'],
      ['c', 'content of c'],
    ]);
    expect(edited.rev).toBe(4);
  });

  it('does not mutate the old record', () => {
    const r = conv('a');
    const copy = structuredClone(r);
    appendMessage(r, 'c1', { tags: ['x'] }, msg('b'), T0 + 1);
    expect(r).toEqual(copy);
  });

  it('merges fields but keeps id and type authoritative', () => {
    const r = appendMessage(undefined, 'c1', { id: 'other', type: 'openai', tags: ['t'] }, msg('m'), T0);
    expect(r.body).toMatchObject({ id: 'c1', type: 'support_copilot', tags: ['t'] });
    const r2 = appendMessage(r, 'c1', { visibility: 'private' }, msg('n'), T0);
    expect(r2.body).toMatchObject({ tags: ['t'], visibility: 'private' });
  });

  it('accepts a body of exactly MAX_BODY_BYTES and throws conversation_too_large one byte past it', () => {
    const first = appendMessage(undefined, 'c1', {}, msg('m1', ''), T0);
    const base = bodyBytes(first);
    const exact = appendMessage(undefined, 'c1', {}, msg('m1', 'a'.repeat(MAX_BODY_BYTES - base)), T0);
    expect(bodyBytes(exact)).toBe(MAX_BODY_BYTES);
    expect(MAX_BODY_BYTES).toBe(2 * 1024 * 1024);

    let err: unknown;
    try {
      appendMessage(undefined, 'c1', {}, msg('m1', 'a'.repeat(MAX_BODY_BYTES - base + 1)), T0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SupportCopilotError);
    expect((err as SupportCopilotError).message).toContain(`${MAX_BODY_BYTES + 1} bytes`);
    expect((err as SupportCopilotError).code).toBe('conversation_too_large');
  });

  it('throws when a second message would push the conversation past the limit, counting UTF-8 bytes', () => {
    const first = appendMessage(undefined, 'c1', {}, msg('m1', 'x'.repeat(1_000_000)), T0);
    const withEmpty = bodyBytes(appendMessage(first, 'c1', {}, msg('m2', ''), T0));
    const room = MAX_BODY_BYTES - withEmpty;
    // 'é' is 2 bytes in UTF-8: an odd room cannot be filled exactly, so fill room-1 and then overflow by 1.
    const fill = 'a'.repeat(room % 2) + 'é'.repeat(Math.floor(room / 2));
    const full = appendMessage(first, 'c1', {}, msg('m2', fill), T0);
    expect(bodyBytes(full)).toBe(MAX_BODY_BYTES);
    expect(() => appendMessage(full, 'c1', {}, msg('m3', ''), T0)).toThrow(/request limit/);
    // The stored record is untouched by the refused append.
    expect(full.messages).toHaveLength(2);
  });

  it('append to a rejected record makes it pending and clears the failure counters', () => {
    const rejected = markFailed(conv('a'), REJECTED, 'HTTP 422', T0, undefined);
    expect(rejected.state).toBe('rejected');
    const r = appendMessage(rejected, 'c1', {}, msg('b'), T0 + 1);
    expect(r).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: 0, rev: 2 });
    expect(needsSend(r, T0 + 1)).toBe(true);
  });

  it('a refusal of an older revision leaves the newer one, written meanwhile, pending with a backoff', () => {
    const sent = conv('a');
    const newer = appendMessage(sent, 'c1', {}, msg('b'), T0 + 1);
    const r = markFailed(newer, REJECTED, 'HTTP 413', T0 + 2, undefined, () => 0.5, sent.rev);
    expect(r).toMatchObject({ state: 'pending', rev: 2, attempts: 1 });
    expect(r.nextAttemptAt).toBeGreaterThan(T0 + 2);
    // The same refusal of the revision that is the latest one stops it, as before.
    expect(markFailed(newer, REJECTED, 'HTTP 413', T0 + 2, undefined, () => 0.5, newer.rev).state).toBe('rejected');
  });

  it('append to a blocked record keeps it blocked', () => {
    const blocked = markFailed(conv('a'), BLOCKED, 'HTTP 401', T0, undefined);
    const r = appendMessage(blocked, 'c1', {}, msg('b'), T0 + 1);
    expect(r.state).toBe('blocked');
    expect(r.rev).toBe(2);
    expect(needsSend(r, T0 + 1, true)).toBe(false);
  });

  it('append to a record waiting on backoff keeps the backoff (no hot loop)', () => {
    const waiting = markFailed(conv('a'), RETRY, 'HTTP 500', T0, 60_000);
    const r = appendMessage(waiting, 'c1', {}, msg('b'), T0 + 1);
    expect(r.nextAttemptAt).toBe(T0 + 60_000);
    expect(r.attempts).toBe(1);
    expect(needsSend(r, T0 + 1)).toBe(false);
    expect(needsSend(r, T0 + 1, true)).toBe(true);
  });

  it('append to a delivered record makes it pending again', () => {
    const delivered = markAcked(conv('a'), 1, T0)!;
    expect(delivered.state).toBe('delivered');
    const r = appendMessage(delivered, 'c1', {}, msg('b'), T0);
    expect(r).toMatchObject({ state: 'pending', rev: 2, ackedRev: 1 });
  });
});

describe('markAcked', () => {
  it('advances ackedRev to the sent rev and marks delivered when nothing newer was written', () => {
    const r = markAcked(conv('a', 'b'), 2, T0 + 99)!;
    expect(r).toMatchObject({ ackedRev: 2, rev: 2, state: 'delivered', attempts: 0, nextAttemptAt: 0, lastError: null, touchedAt: T0 + 99 });
    expect(needsSend(r, T0 + 99, true)).toBe(false);
    // Conversations are kept whole after delivery.
    expect(r.messages).toHaveLength(2);
  });

  it('an append during flight leaves the record pending with ackedRev = sentRev', () => {
    const sent = conv('a');
    const meanwhile = appendMessage(sent, 'c1', {}, msg('b'), T0 + 1);
    const r = markAcked(meanwhile, sent.rev, T0 + 2)!;
    expect(r).toMatchObject({ rev: 2, ackedRev: 1, state: 'pending' });
    expect(needsSend(r, T0 + 2)).toBe(true);
  });

  it('never moves ackedRev backwards (an older ack arriving late)', () => {
    const r3 = conv('a', 'b', 'c');
    const acked = markAcked(r3, 3, T0)!;
    const late = markAcked(acked, 1, T0 + 5)!;
    expect(late.ackedRev).toBe(3);
    expect(late.state).toBe('delivered');
    const partial = markAcked(markAcked(r3, 2, T0)!, 1, T0)!;
    expect(partial.ackedRev).toBe(2);
    expect(partial.state).toBe('pending');
  });

  it('never moves ackedRev past rev', () => {
    expect(markAcked(conv('a'), 99, T0)!.ackedRev).toBe(1);
  });

  it('deletes delivered feedback and events, but keeps them while a newer revision waits', () => {
    const fb = upsertDocument(undefined, 'feedback', 'f1', { type: 'positive', messageId: 'm1' }, T0);
    expect(fb).toMatchObject({ kind: 'feedback', id: 'f1', rev: 1, state: 'pending', body: { type: 'positive', messageId: 'm1', id: 'f1' } });
    expect(fb.messages).toBeUndefined();
    expect(markAcked(fb, 1, T0)).toBeUndefined();
    const ev = upsertDocument(undefined, 'event', 'e1', { type: 'x', entityType: 'message', messageId: 'm1' }, T0);
    expect(markAcked(ev, 1, T0)).toBeUndefined();
    const fb2 = upsertDocument(fb, 'feedback', 'f1', { type: 'negative', messageId: 'm1' }, T0);
    expect(markAcked(fb2, 1, T0)).toMatchObject({ ackedRev: 1, rev: 2, state: 'pending' });
  });
});

describe('markFailed', () => {
  it('retry: counts the attempt and waits a full-jitter backoff', () => {
    const r = markFailed(conv('a'), RETRY, 'HTTP 500', T0, undefined, () => 0.5);
    expect(r).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 500, lastError: 'HTTP 500' });
    const again = markFailed(r, RETRY, 'HTTP 502', T0 + 1_000, undefined, () => 0.5);
    expect(again).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 1_000 + 1_000, lastError: 'HTTP 502' });
    expect(needsSend(again, T0 + 1_999)).toBe(false);
    expect(needsSend(again, T0 + 2_000)).toBe(true);
  });

  it('retry: waits at least Retry-After, and the backoff when it is longer', () => {
    expect(markFailed(conv('a'), RETRY, 'HTTP 429', T0, 30_000, () => 0.5).nextAttemptAt).toBe(T0 + 30_000);
    expect(markFailed(conv('a'), RETRY, 'HTTP 429', T0, 10, () => 0.5).nextAttemptAt).toBe(T0 + 500);
  });

  it('blocked and rejected stop sending and keep the data', () => {
    for (const [behavior, state] of [
      [BLOCKED, 'blocked'],
      [REJECTED, 'rejected'],
    ] as const) {
      const r = markFailed(conv('a', 'b'), behavior, `HTTP x`, T0, undefined);
      expect(r).toMatchObject({ state, attempts: 1, lastError: 'HTTP x', rev: 2, ackedRev: 0 });
      expect(r.messages).toHaveLength(2);
      expect(needsSend(r, T0 + 1e9, true)).toBe(false);
    }
  });

  it('a "delivered" behaviour changes nothing', () => {
    const r = conv('a');
    expect(markFailed(r, { kind: 'delivered' }, 'x', T0, undefined)).toBe(r);
  });
});

describe('unblock', () => {
  it('makes a blocked record pending with fresh counters; leaves others as they are', () => {
    const blocked = markFailed(markFailed(conv('a'), RETRY, 'x', T0, 5_000), BLOCKED, 'HTTP 401', T0, undefined);
    const r = unblock(blocked);
    expect(r).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: 0, rev: 1, ackedRev: 0 });
    expect(needsSend(r, T0)).toBe(true);
    const rejected = markFailed(conv('a'), REJECTED, 'x', T0, undefined);
    expect(unblock(rejected)).toBe(rejected);
  });
});

describe('needsSend', () => {
  it('only pending records with unacknowledged revisions whose timer is due (unless forced)', () => {
    const r = conv('a');
    expect(needsSend(r, T0)).toBe(true);
    expect(needsSend(markAcked(r, 1, T0)!, T0, true)).toBe(false);
    const waiting = markFailed(r, RETRY, 'x', T0, 1_000, () => 0);
    expect(needsSend(waiting, T0 + 999)).toBe(false);
    expect(needsSend(waiting, T0 + 1_000)).toBe(true);
    expect(needsSend(waiting, T0, true)).toBe(true);
  });
});

describe('convergence', () => {
  const SETTLE_AT = T0 + 60_000;
  /** rev 1 sent, outcome unknown (the client gave up at T0); rev 2 written since. */
  const unknownThenNewer = () => appendMessage(markFailed(conv('a'), statusBehavior('network'), 'timeout', T0, undefined, () => 0.5, 1, SETTLE_AT), 'c1', {}, msg('b'), T0 + 1);

  it('a request of unknown outcome is remembered with its settle point; the highest revision and latest point win', () => {
    const r = unknownThenNewer();
    expect(r).toMatchObject({ unsettledRev: 1, settleAt: SETTLE_AT, state: 'pending', attempts: 1 });
    const again = markFailed(r, statusBehavior('network'), 'timeout', T0 + 5, undefined, () => 0.5, 2, SETTLE_AT + 5);
    expect(again).toMatchObject({ unsettledRev: 2, settleAt: SETTLE_AT + 5 });
    expect(markUnsettled(again, 1, T0)).toMatchObject({ unsettledRev: 2, settleAt: SETTLE_AT + 5 });
  });

  it('a newer revision acknowledged before the settle point: delivered, yet converging; a resend is due at the settle point, never before', () => {
    const r = markAcked(unknownThenNewer(), 2, T0 + 10, T0 + 2)!;
    expect(r).toMatchObject({ state: 'delivered', ackedRev: 2, unsettledRev: 1 });
    expect(converging(r)).toBe(true);
    expect(isOpen(r)).toBe(true);
    expect(needsSend(r, SETTLE_AT - 1, true)).toBe(false);
    expect(needsSend(r, SETTLE_AT)).toBe(true);
    expect(dueAt(r)).toBe(SETTLE_AT);
  });

  it('the resend, started at or after the settle point, ends it; one started before does not', () => {
    const r = markAcked(unknownThenNewer(), 2, T0 + 10, T0 + 2)!;
    const early = markAcked(r, 2, SETTLE_AT + 5, SETTLE_AT - 1)!;
    expect(converging(early)).toBe(true);
    const done = markAcked(r, 2, SETTLE_AT + 5, SETTLE_AT)!;
    expect(done).not.toHaveProperty('unsettledRev');
    expect(done).not.toHaveProperty('settleAt');
    expect(isOpen(done)).toBe(false);
    expect(dueAt(done)).toBe(Infinity);
  });

  it('nothing newer than the unknown request acknowledged: no resend needed; it is forgotten once it can no longer land', () => {
    const sameRev = markFailed(conv('a'), statusBehavior('network'), 'lost', T0, undefined, () => 0.5, 1, SETTLE_AT);
    const acked = markAcked(sameRev, 1, T0 + 10, T0 + 5)!;
    expect(converging(acked)).toBe(false);
    expect(isOpen(acked)).toBe(false);
    expect(markAcked(acked, 1, SETTLE_AT, T0 + 5)).not.toHaveProperty('unsettledRev');
  });

  it('a failed resend backs off like any retry (and the settle point still holds)', () => {
    const r = markAcked(unknownThenNewer(), 2, T0 + 10, T0 + 2)!;
    const failed = markFailed(r, RETRY, 'HTTP 500', SETTLE_AT, undefined, () => 0.5);
    expect(needsSend(failed, SETTLE_AT + 499)).toBe(false);
    expect(needsSend(failed, SETTLE_AT + 500)).toBe(true);
  });

  it('feedback and events are kept (not deleted) while converging: a stale body may still land', () => {
    const fb = upsertDocument(undefined, 'feedback', 'f1', { type: 'positive', messageId: 'm1' }, T0);
    const unknown = markFailed(fb, statusBehavior('network'), 'timeout', T0, undefined, () => 0.5, 1, SETTLE_AT);
    const fb2 = upsertDocument(unknown, 'feedback', 'f1', { type: 'negative', messageId: 'm1' }, T0 + 1);
    const acked = markAcked(fb2, 2, T0 + 2, T0 + 1)!;
    expect(acked).toMatchObject({ state: 'delivered', unsettledRev: 1 });
    expect(markAcked(acked, 2, SETTLE_AT + 1, SETTLE_AT)).toBeUndefined();
  });
});

describe('rebase (times on the monotonic clock)', () => {
  it('keeps a retry’s remaining wait and clamps what a jumped clock put too far away', () => {
    const r = { nextAttemptAt: T0 + 1_500, settleAt: T0 + 10_000 };
    expect(rebase(r, T0, 100, 60_000)).toEqual({ nextAttemptAt: 1_600, settleAt: 10_100 });
    // Written before the wall clock moved back an hour.
    expect(rebase({ nextAttemptAt: T0 + 3_600_000, settleAt: T0 + 3_600_000 }, T0, 100, 60_000)).toEqual({ nextAttemptAt: 100 + BACKOFF_CAP_MS, settleAt: 60_100 });
    // A retry in the past is due now.
    expect(rebase({ nextAttemptAt: 0 }, T0, 100, 60_000)).toEqual({ nextAttemptAt: 100 });
  });
});

describe('payload sizes', () => {
  it('the size kept per append equals the size of the whole body, message after message, replaced or not', () => {
    let r: OutboxRecord | undefined;
    const texts = ['hello', 'é€😀', '', 'x'.repeat(500), 'quote " and \\ backslash'];
    for (const [i, t] of texts.entries()) {
      r = appendMessage(r, 'c1', { projectId: 'p', userProperties: { id: 'ü' } }, msg(`m${i % 3}`, t, T0 + i), T0 + i);
      expect(bodyBytes(r)).toBe(new TextEncoder().encode(JSON.stringify(payloadOf(r))).length);
    }
  });
});

describe('utf8Length', () => {
  it('counts exactly what TextEncoder would write, for every kind of character', () => {
    const enc = new TextEncoder();
    const samples = ['', 'ascii', 'é', '€', '😀', 'a😀b', '\ud800', '\udc00x', '\ud83d\ude00\ud83d', 'mixé€😀\u0000\u007f\u0080\u07ff\u0800\uffff'];
    for (let i = 0; i < 2_000; i++) samples.push(String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(Math.random() * 0x10000))));
    for (const s of samples) expect(utf8Length(s), JSON.stringify(s)).toBe(enc.encode(s).length);
  });
});
