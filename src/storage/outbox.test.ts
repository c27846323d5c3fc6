/**
 * The Outbox over the memory store and the real write queue: record operations, validation and
 * quarantine, the storage cap with eviction of delivered data only, and error translation.
 */
import { describe, expect, it } from 'vitest';
import { bodyBytes, upsertDocument, type OutboxRecord } from '../core/outbox-record.ts';
import type { LoggerEvent } from '../core/public-types.ts';
import type { Message } from '../core/schema.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';
import { createMemoryStore } from './memory-store.ts';
import { createOutbox } from './outbox.ts';
import type { OutboxStore } from './outbox-store.ts';
import { storeEntries } from './store-entries.ts';
import type { LockPort } from './write-owner.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const ISO = new Date(T0).toISOString();
const RETRY = { kind: 'retry', pauseAll: false } as const;

const msg = (id: string, content = 'hi', role = 'user'): Message => ({ id, role, content, createdAt: ISO, updatedAt: ISO });

/** The memory store, recording what it was asked to quarantine. */
function spyStore(inner: OutboxStore = createMemoryStore()) {
  const quarantined: { key: string; raw: unknown; reason: string }[] = [];
  const store: OutboxStore = {
    ...inner,
    kind: inner.kind,
    async quarantine(key, raw, reason) {
      quarantined.push({ key, raw, reason });
      return inner.quarantine(key, raw, reason);
    },
  };
  return { store, quarantined };
}

function setup(o: { store?: OutboxStore; max?: number; locks?: LockPort } = {}) {
  let t = T0;
  let max = o.max ?? 50_000_000;
  const { store, quarantined } = spyStore(o.store);
  const events: LoggerEvent[] = [];
  const errors: SupportCopilotError[] = [];
  const changes: [string, number][] = [];
  const outbox = createOutbox({
    store,
    now: () => t,
    clock: () => t,
    settleMs: () => 60_000,
    maxStoredBytes: () => max,
    emit: (e) => events.push(e),
    report: (e) => errors.push(e),
    changed: (key, rev) => changes.push([key, rev]),
    ...(o.locks ? { locks: o.locks } : {}),
  });
  /** Writes `raw` straight into the store, as another tab (or the page) could. */
  const plant = (key: string, raw: unknown) => store.transact(new Map([[key, { fns: [() => raw] }]]));
  return {
    outbox,
    store,
    quarantined,
    events,
    errors,
    changes,
    plant,
    advance: (ms: number) => void (t += ms),
    setMax: (n: number) => void (max = n),
    stored: () => [...outbox.known()].reduce((n, r) => n + r.bytes, 0),
  };
}

const errorOf = async (p: Promise<unknown>): Promise<SupportCopilotError> => {
  try {
    await p;
  } catch (e) {
    return e as SupportCopilotError;
  }
  throw new Error('expected a rejection');
};

/** A delivered conversation with one message of `size` characters. */
async function delivered(s: ReturnType<typeof setup>, id: string, size = 500) {
  const r = await s.outbox.append(id, {}, msg(`${id}-m`, 'x'.repeat(size)), false);
  return (await s.outbox.ack(`conversation:${id}`, r.rev))!;
}

describe('Outbox: record operations', () => {
  it('append creates a conversation, then extends it: rev bumps, stored event, changed callback', async () => {
    const s = setup();
    const r1 = await s.outbox.append('c1', { projectId: 'p1' }, msg('m1', 'first'), false);
    expect(r1).toMatchObject({ v: 1, kind: 'conversation', id: 'c1', rev: 1, ackedRev: 0, state: 'pending', attempts: 0, touchedAt: T0 });
    expect(r1.body).toMatchObject({ id: 'c1', type: 'support_copilot', projectId: 'p1', createdAt: ISO });
    expect(r1.messages).toEqual([msg('m1', 'first')]);
    expect(await s.store.get('conversation:c1')).toEqual(r1);

    s.advance(1_000);
    const r2 = await s.outbox.append('c1', { projectId: 'p1' }, msg('m2', 'second', 'assistant'), false);
    expect(r2.rev).toBe(2);
    expect(r2.messages!.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(r2.touchedAt).toBe(T0 + 1_000);
    expect(s.events).toEqual([
      { type: 'stored', key: 'conversation:c1', rev: 1 },
      { type: 'stored', key: 'conversation:c1', rev: 2 },
    ]);
    expect(s.changes).toEqual([
      ['conversation:c1', 1],
      ['conversation:c1', 2],
    ]);
    expect([...s.outbox.known()].map((m) => [m.key, m.rev, m.bytes])).toEqual([['conversation:c1', 2, bodyBytes(r2)]]);
    expect(s.errors).toEqual([]);
  });

  it('append with a message id already present replaces that message in place', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1', 'one'), false);
    await s.outbox.append('c1', {}, msg('m2', 'two'), false);
    const r = await s.outbox.append('c1', {}, msg('m1', 'one, edited'), false);
    expect(r.rev).toBe(3);
    expect(r.messages!.map((m) => [m.id, m.content])).toEqual([
      ['m1', 'one, edited'],
      ['m2', 'two'],
    ]);
    expect(await s.outbox.messages('c1')).toEqual(r.messages);
  });

  it('upsert stores feedback and events as whole documents, replacing the body', async () => {
    const s = setup();
    const f1 = await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    expect(f1).toMatchObject({ kind: 'feedback', id: 'f1', rev: 1, ackedRev: 0, state: 'pending', body: { id: 'f1', type: 'positive', messageId: 'm1' } });
    expect(f1.messages).toBeUndefined();
    const f2 = await s.outbox.upsert('feedback', 'f1', { type: 'negative', messageId: 'm1', details: 'wrong' });
    expect(f2.rev).toBe(2);
    expect(f2.body).toEqual({ id: 'f1', type: 'negative', messageId: 'm1', details: 'wrong' });
    const e1 = await s.outbox.upsert('event', 'e1', { type: 'message_copied', entityType: 'message', messageId: 'm1' });
    expect(e1).toMatchObject({ kind: 'event', id: 'e1', rev: 1 });
    expect(await s.store.get('event:e1')).toEqual(e1);
    expect(s.changes).toEqual([
      ['feedback:f1', 1],
      ['feedback:f1', 2],
      ['event:e1', 1],
    ]);
    expect(s.outbox.stats()).toEqual({ pending: 2, delivered: 0, rejected: 0, blocked: 0, settling: 0, storage: 'memory' });
  });

  it('ack advances only to the revision sent: a newer one stays pending; it never moves back', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1'), false);
    await s.outbox.append('c1', {}, msg('m2'), false);
    s.advance(500);
    const a1 = await s.outbox.ack('conversation:c1', 1);
    expect(a1).toMatchObject({ rev: 2, ackedRev: 1, state: 'pending', touchedAt: T0 });
    expect(s.outbox.stats()).toMatchObject({ pending: 1, delivered: 0 });
    const a2 = await s.outbox.ack('conversation:c1', 2);
    expect(a2).toMatchObject({ rev: 2, ackedRev: 2, state: 'delivered', touchedAt: T0 + 500 });
    // A late acknowledgement of an older request does not move ackedRev back.
    const a3 = await s.outbox.ack('conversation:c1', 1);
    expect(a3).toMatchObject({ rev: 2, ackedRev: 2, state: 'delivered' });
    expect(await s.outbox.read('conversation:c1')).toMatchObject({ ackedRev: 2, state: 'delivered' });
    expect(s.outbox.stats()).toMatchObject({ pending: 0, delivered: 1 });
  });

  it('delivered feedback and events are deleted; unknown keys ack to undefined', async () => {
    const s = setup();
    await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    await s.outbox.upsert('event', 'e1', { type: 'x', entityType: 'message', messageId: 'm1' });
    expect(await s.outbox.ack('feedback:f1', 1)).toBeUndefined();
    expect(await s.outbox.ack('event:e1', 1)).toBeUndefined();
    expect(await storeEntries(s.store)).toEqual([]);
    expect([...s.outbox.known()]).toEqual([]);
    expect(s.outbox.stats()).toMatchObject({ pending: 0, delivered: 0 });
    expect(await s.outbox.ack('conversation:nope', 1)).toBeUndefined();
    expect(await storeEntries(s.store)).toEqual([]);
  });

  it('ack of an older rev of feedback rewritten meanwhile keeps the newer body pending', async () => {
    const s = setup();
    await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    await s.outbox.upsert('feedback', 'f1', { type: 'negative', messageId: 'm1' });
    const r = await s.outbox.ack('feedback:f1', 1);
    expect(r).toMatchObject({ rev: 2, ackedRev: 1, state: 'pending', body: { type: 'negative' } });
  });

  it('fail with retry backs off (at least Retry-After) and keeps it pending', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1'), false);
    const r1 = await s.outbox.fail('conversation:c1', RETRY, 'HTTP 500', undefined, () => 0.5, 1);
    // attempt 1: [100, 1000) ms; 0.5 draws 500.
    expect(r1).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 500, lastError: 'HTTP 500', ackedRev: 0 });
    const r2 = await s.outbox.fail('conversation:c1', RETRY, 'HTTP 503', 30_000, () => 0.5, 1);
    expect(r2).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: T0 + 30_000, lastError: 'HTTP 503' });
    expect(await s.outbox.read('conversation:c1')).toEqual(r2);
    expect(s.outbox.stats()).toMatchObject({ pending: 1 });
  });

  it('fail with blocked or rejected stops the document; a rejection of an older rev retries the newer one', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    await s.outbox.append('b', {}, msg('m1'), false);
    await s.outbox.append('c', {}, msg('m1'), false);
    expect(await s.outbox.fail('conversation:a', { kind: 'blocked' }, 'HTTP 401', undefined, () => 0.5, 1)).toMatchObject({ state: 'blocked', attempts: 1, lastError: 'HTTP 401' });
    expect(await s.outbox.fail('conversation:b', { kind: 'rejected' }, 'HTTP 422', undefined, () => 0.5, 1)).toMatchObject({ state: 'rejected', attempts: 1, lastError: 'HTTP 422' });
    await s.outbox.append('c', {}, msg('m2'), false);
    expect(await s.outbox.fail('conversation:c', { kind: 'rejected' }, 'HTTP 422', undefined, () => 0.5, 1)).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 500 });
    expect(s.outbox.stats()).toEqual({ pending: 1, delivered: 0, rejected: 1, blocked: 1, settling: 0, storage: 'memory' });
    expect(await s.outbox.fail('conversation:nope', RETRY, 'x', undefined, () => 0.5, 1)).toBeUndefined();
  });

  it('unblock makes blocked documents pending again: all of them, or the keys given', async () => {
    const s = setup();
    for (const id of ['a', 'b', 'c']) {
      await s.outbox.append(id, {}, msg('m1'), false);
      await s.outbox.fail(`conversation:${id}`, { kind: 'blocked' }, 'HTTP 401', undefined, () => 0.5, 1);
    }
    await s.outbox.fail('conversation:c', RETRY, 'HTTP 500', undefined, () => 0.5, 1); // blocked stays blocked
    await s.outbox.unblock(['conversation:a']);
    expect(await s.outbox.read('conversation:a')).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: 0 });
    expect(await s.outbox.read('conversation:b')).toMatchObject({ state: 'blocked' });
    await s.outbox.unblock();
    expect(await s.outbox.read('conversation:b')).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: 0 });
    expect(await s.outbox.read('conversation:c')).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: 0 });
    expect(s.outbox.stats()).toMatchObject({ pending: 3, blocked: 0 });
  });
});

describe('Outbox: validation and quarantine', () => {
  const valid = (id: string): OutboxRecord => ({
    v: 1,
    kind: 'conversation',
    id,
    body: { id, type: 'support_copilot' },
    messages: [msg('m1')],
    rev: 1,
    ackedRev: 0,
    attempts: 0,
    nextAttemptAt: 0,
    state: 'pending',
    lastError: null,
    touchedAt: T0,
  });

  it('read returns a validated record, and quarantines an invalid one (delivery reads only what it sends: no later scan would)', async () => {
    const s = setup();
    await s.plant('conversation:ok', valid('ok'));
    await s.plant('conversation:bad', { ...valid('bad'), rev: 'two' });
    expect(await s.outbox.read('conversation:ok')).toEqual(valid('ok'));
    expect(await s.outbox.read('conversation:bad')).toBeUndefined();
    expect(await s.outbox.read('conversation:none')).toBeUndefined();
    expect(await s.store.get('conversation:bad')).toBeUndefined();
    expect(s.quarantined.map((q) => q.key)).toEqual(['conversation:bad']);
    expect(s.events.map((e) => e.type)).toEqual(['quarantined']);
    expect([...s.outbox.known()].map((r) => r.id)).toEqual(['ok']);
  });

  it('load quarantines every invalid record (event, quarantined error, moved out) and learns the valid ones', async () => {
    const s = setup();
    await s.plant('conversation:ok', valid('ok'));
    await s.plant('conversation:shape', { ...valid('shape'), state: 'sent' });
    await s.plant('conversation:other', valid('not-other')); // key does not match
    await s.plant('conversation:payload', { ...valid('payload'), messages: [{ role: '' }] }); // payload fails the API schema
    await s.plant('conversation:ahead', { ...valid('ahead'), ackedRev: 5 });
    await s.outbox.load();
    const bad = ['conversation:shape', 'conversation:other', 'conversation:payload', 'conversation:ahead'];
    expect(s.quarantined.map((q) => q.key)).toEqual(bad);
    expect(s.quarantined[0]!.raw).toMatchObject({ state: 'sent' });
    expect(s.events.map((e) => e.type === 'quarantined' && e.key)).toEqual(bad);
    expect(s.events.find((e) => e.type === 'quarantined' && e.key === 'conversation:ahead')).toMatchObject({ reason: 'ackedRev is ahead of rev' });
    expect(s.errors.map((e) => [e.code, e.key])).toEqual(bad.map((k) => ['quarantined', k]));
    expect(s.errors.every((e) => e instanceof SupportCopilotError)).toBe(true);
    expect((await storeEntries(s.store)).map(([k]) => k)).toEqual(['conversation:ok']);
    expect([...s.outbox.known()].map((m) => m.key)).toEqual(['conversation:ok']);
  });

  it('due() forgets open records another tab deleted and learns open records another tab wrote', async () => {
    // A store other tabs share (IndexedDB); the memory store is this tab's alone.
    const s = setup({ store: { ...createMemoryStore(), kind: 'indexeddb' } });
    await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    await s.store.transact(new Map([['feedback:f1', { fns: [() => undefined] }]]));
    await s.plant('conversation:x', valid('x'));
    const records = await s.outbox.due();
    expect(records.map((r) => r.id)).toEqual(['x']);
    expect([...s.outbox.known()].map((r) => r.id)).toEqual(['x']);
    expect(s.outbox.stats()).toMatchObject({ pending: 1 });
  });

  it('a corrupt conversation before an append: quarantined, and the append rejects with quarantined (reported once)', async () => {
    const s = setup();
    const corrupt = { ...valid('c1'), rev: -1 };
    await s.plant('conversation:c1', corrupt);
    const err = await errorOf(s.outbox.append('c1', {}, msg('m2'), false));
    expect(err).toBeInstanceOf(SupportCopilotError);
    expect(err.code).toBe('quarantined');
    expect(err.key).toBe('conversation:c1');
    expect(s.quarantined).toEqual([{ key: 'conversation:c1', raw: corrupt, reason: 'failed validation before a write' }]);
    expect(s.events).toEqual([{ type: 'quarantined', key: 'conversation:c1', reason: 'failed validation before a write' }]);
    expect(s.errors).toEqual([err]);
    expect(await s.store.get('conversation:c1')).toBeUndefined();
    expect(s.changes).toEqual([]);
  });

  it('a corrupt feedback document before an upsert is quarantined, then written fresh', async () => {
    const s = setup();
    await s.plant('feedback:f1', { v: 1, kind: 'feedback', id: 'f1', body: 'nope' });
    const r = await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    expect(r).toMatchObject({ kind: 'feedback', id: 'f1', rev: 1, ackedRev: 0, state: 'pending', body: { id: 'f1', type: 'positive', messageId: 'm1' } });
    expect(s.quarantined.map((q) => q.key)).toEqual(['feedback:f1']);
    expect(s.events).toEqual([
      { type: 'quarantined', key: 'feedback:f1', reason: 'failed validation before a write' },
      { type: 'stored', key: 'feedback:f1', rev: 1 },
    ]);
    expect(await s.store.get('feedback:f1')).toEqual(r);
  });

  // BUG (src/storage/outbox.ts:138, `quarantine(..., false)`): a damaged feedback or event document
  // found before an upsert is moved aside with report = false, on the grounds that "the caller
  // reports it itself"; but for feedback and events the write then succeeds and nobody reports
  // anything. onError never hears that stored (possibly undelivered) data was set aside, unlike
  // the same record found by scan(), which reports 'quarantined'.
  it('a corrupt feedback document quarantined before an upsert is reported through report()', async () => {
    const s = setup();
    await s.plant('feedback:f1', { v: 1, kind: 'feedback', id: 'f1', body: 'nope' });
    await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    expect(s.errors.map((e) => [e.code, e.key])).toEqual([['quarantined', 'feedback:f1']]);
  });

  it('mustExist with no stored record rejects conversation_gone and stores nothing', async () => {
    const s = setup();
    const err = await errorOf(s.outbox.append('lost', {}, msg('m9'), true));
    expect(err.code).toBe('conversation_gone');
    expect(err.key).toBe('conversation:lost');
    expect(s.errors).toEqual([err]);
    expect(await storeEntries(s.store)).toEqual([]);
    expect(s.events).toEqual([]);
    // With history present, mustExist appends normally.
    await s.outbox.append('kept', {}, msg('m1'), false);
    await expect(s.outbox.append('kept', {}, msg('m2'), true)).resolves.toMatchObject({ rev: 2 });
  });

  it('messages() returns the stored messages, [] when none or unreadable', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1'), false);
    await s.plant('conversation:bad', { ...valid('bad'), rev: 'x' });
    expect(await s.outbox.messages('c1')).toEqual([msg('m1')]);
    expect(await s.outbox.messages('none')).toEqual([]);
    expect(await s.outbox.messages('bad')).toEqual([]);
  });
});

describe('Outbox: storage cap and eviction', () => {
  it('evicts delivered data oldest first, only as much as needed to make room', async () => {
    const s = setup();
    const a = await delivered(s, 'a');
    s.advance(1_000);
    const b = await delivered(s, 'b');
    s.advance(1_000);
    await s.outbox.append('p', {}, msg('p-m', 'x'.repeat(500)), false);
    const next = msg('p-m2', 'y'.repeat(200));
    const incoming = JSON.stringify(next).length;
    // One byte short: evicting the oldest delivered conversation is enough.
    s.setMax(s.stored() + incoming - 1);
    expect(bodyBytes(a)).toBeGreaterThan(1);
    const r = await s.outbox.append('p', {}, next, false);
    expect(r.rev).toBe(2);
    expect(await s.store.get('conversation:a')).toBeUndefined();
    expect(await s.store.get('conversation:b')).toEqual(b);
    expect([...s.outbox.known()].map((x) => x.id).sort()).toEqual(['b', 'p']);
    expect(s.errors).toEqual([]);
  });

  it('evicts several delivered documents when one is not enough', async () => {
    const s = setup();
    const a = await delivered(s, 'a', 300);
    s.advance(1);
    await delivered(s, 'b', 300);
    s.advance(1);
    await delivered(s, 'c', 300);
    const next = msg('n1', 'z'.repeat(700));
    // Evicting the oldest alone leaves one byte too many: the two oldest go.
    s.setMax(s.stored() + JSON.stringify(next).length - bodyBytes(a) - 1);
    await s.outbox.append('n', {}, next, false);
    expect((await storeEntries(s.store)).map(([k]) => k).sort()).toEqual(['conversation:c', 'conversation:n']);
  });

  it('never evicts pending data: input is refused with storage_full when only pending data is left', async () => {
    const s = setup();
    await s.outbox.append('p1', {}, msg('m1', 'x'.repeat(500)), false);
    await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    const before = await storeEntries(s.store);
    s.setMax(s.stored() + 10);
    const err = await errorOf(s.outbox.append('p2', {}, msg('m2', 'y'.repeat(100)), false));
    expect(err.code).toBe('storage_full');
    expect(err.message).toContain(`maxStoredBytes ${s.stored() + 10}`);
    expect(s.errors).toEqual([err]);
    expect(await storeEntries(s.store)).toEqual(before);
    expect(s.changes.map(([k]) => k)).toEqual(['conversation:p1', 'feedback:f1']);
    // Feedback and events are refused the same way.
    expect((await errorOf(s.outbox.upsert('event', 'e1', { type: 'x'.repeat(50), entityType: 'message', messageId: 'm1' }))).code).toBe('storage_full');
  });

  it('never evicts blocked or rejected documents', async () => {
    const s = setup();
    await s.outbox.append('b', {}, msg('m1', 'x'.repeat(300)), false);
    await s.outbox.fail('conversation:b', { kind: 'blocked' }, 'HTTP 401', undefined, () => 0.5, 1);
    await s.outbox.append('r', {}, msg('m1', 'x'.repeat(300)), false);
    await s.outbox.fail('conversation:r', { kind: 'rejected' }, 'HTTP 422', undefined, () => 0.5, 1);
    s.setMax(s.stored() + 10);
    expect((await errorOf(s.outbox.append('n', {}, msg('m2', 'y'.repeat(100)), false))).code).toBe('storage_full');
    expect((await storeEntries(s.store)).map(([k]) => k).sort()).toEqual(['conversation:b', 'conversation:r']);
  });

  it('never evicts a conversation held open here, even the oldest; a held one alone means storage_full', async () => {
    const s = setup();
    await delivered(s, 'held');
    s.outbox.hold('conversation:held');
    s.advance(1_000);
    await delivered(s, 'newer');
    const next = msg('n1', 'y'.repeat(100));
    s.setMax(s.stored() + JSON.stringify(next).length - 1);
    await s.outbox.append('n', {}, next, false);
    expect(await s.store.get('conversation:held')).toBeDefined();
    expect(await s.store.get('conversation:newer')).toBeUndefined();

    // Only the held conversation and pending data left: refused.
    const more = msg('n2', 'z'.repeat(100));
    s.setMax(s.stored() + JSON.stringify(more).length - 1);
    expect((await errorOf(s.outbox.append('n', {}, more, false))).code).toBe('storage_full');
    expect(await s.store.get('conversation:held')).toBeDefined();
  });

  it('never evicts the conversation being appended to', async () => {
    const s = setup();
    await delivered(s, 'a');
    const next = msg('a-2', 'y'.repeat(100));
    s.setMax(s.stored() + JSON.stringify(next).length - 1);
    expect((await errorOf(s.outbox.append('a', {}, next, false))).code).toBe('storage_full');
    expect(await s.outbox.messages('a')).toHaveLength(1);
  });

  // Regression (found by this test, fixed): the size of new input is counted as
  // `JSON.stringify(message).length` (UTF-16 code units) while maxStoredBytes and every stored
  // record are measured in UTF-8 bytes (bodyBytes). Non-ASCII text is undercounted up to 3x, so
  // the outbox accepts input that takes it well past its cap. (The same check also leaves out the
  // body fields a new conversation adds, a smaller overshoot.)
  it('the cap is in bytes: non-ASCII input that would exceed maxStoredBytes is refused', async () => {
    const s = setup({ max: 3_000 });
    const euro = msg('m1', '€'.repeat(1_500)); // 1,500 code units, 4,500 UTF-8 bytes
    expect(JSON.stringify(euro).length).toBeLessThan(3_000);
    await expect(s.outbox.append('c1', {}, euro, false)).rejects.toMatchObject({ code: 'storage_full' });
    expect(s.stored()).toBeLessThanOrEqual(3_000);
  });

  it('evictExpired deletes delivered documents untouched since the cutoff, never pending or held ones', async () => {
    const s = setup();
    await delivered(s, 'old');
    await delivered(s, 'old-held');
    s.outbox.hold('conversation:old-held');
    await s.outbox.append('old-pending', {}, msg('m1'), false);
    s.advance(10_000);
    await delivered(s, 'recent');
    await s.outbox.evictExpired(T0 + 5_000);
    expect((await storeEntries(s.store)).map(([k]) => k).sort()).toEqual(['conversation:old-held', 'conversation:old-pending', 'conversation:recent']);
    expect(s.outbox.stats()).toMatchObject({ pending: 1, delivered: 2 });
    await s.outbox.evictExpired(T0 + 10_001);
    expect((await storeEntries(s.store)).map(([k]) => k).sort()).toEqual(['conversation:old-held', 'conversation:old-pending']);
  });

  it('stats counts pending, delivered, rejected and blocked documents, and the storage kind', async () => {
    const s = setup();
    expect(s.outbox.kind).toBe('memory');
    expect(s.outbox.stats()).toEqual({ pending: 0, delivered: 0, rejected: 0, blocked: 0, settling: 0, storage: 'memory' });
    await s.outbox.append('p1', {}, msg('m1'), false);
    await s.outbox.upsert('event', 'e1', { type: 'x', entityType: 'message', messageId: 'm1' });
    await delivered(s, 'd1');
    await s.outbox.append('r1', {}, msg('m1'), false);
    await s.outbox.fail('conversation:r1', { kind: 'rejected' }, 'HTTP 400', undefined, () => 0.5, 1);
    await s.outbox.append('b1', {}, msg('m1'), false);
    await s.outbox.fail('conversation:b1', { kind: 'blocked' }, 'HTTP 403', undefined, () => 0.5, 1);
    await s.outbox.append('b2', {}, msg('m1'), false);
    await s.outbox.fail('conversation:b2', { kind: 'blocked' }, 'HTTP 404', undefined, () => 0.5, 1);
    expect(s.outbox.stats()).toEqual({ pending: 2, delivered: 1, rejected: 1, blocked: 2, settling: 0, storage: 'memory' });
  });
});

describe('Outbox: store failures', () => {
  const failing = (error: unknown): OutboxStore => {
    const inner = createMemoryStore();
    return { ...inner, kind: inner.kind, transact: () => Promise.reject(error) };
  };

  it('a QuotaExceededError from the store is reported and rejected as storage_full', async () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const s = setup({ store: failing(quota) });
    const err = await errorOf(s.outbox.append('c1', {}, msg('m1'), false));
    expect(err).toBeInstanceOf(SupportCopilotError);
    expect(err.code).toBe('storage_full');
    expect(err.key).toBe('conversation:c1');
    expect(err.cause).toBe(quota);
    expect(s.errors).toEqual([err]);
    expect(s.events).toEqual([]);
    expect(s.changes).toEqual([]);
    expect((await errorOf(s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' }))).code).toBe('storage_full');
  });

  it('an unknown store failure is reported and rejected as storage_unavailable', async () => {
    const boom = new Error('disk on fire');
    const s = setup({ store: failing(boom) });
    const err = await errorOf(s.outbox.append('c1', {}, msg('m1'), false));
    expect(err.code).toBe('storage_unavailable');
    expect(err.message).toContain('disk on fire');
    expect(err.cause).toBe(boom);
    expect(s.errors).toEqual([err]);
    expect([...s.outbox.known()]).toEqual([]);
  });
});

describe('Outbox.updateFields', () => {
  it('stores new conversation fields as a new revision, keeping every message; does nothing without a stored conversation', async () => {
    const s = setup();
    expect(await s.outbox.updateFields('none', { supportTicketConversationId: 'T-1' })).toBeUndefined();
    expect(await storeEntries(s.store)).toEqual([]);
    const first = await s.outbox.append('c1', {}, msg('m1'), false);
    const after = await s.outbox.updateFields('c1', { supportTicketConversationId: 'T-9', externalUrl: 'https://desk.example.com/T-9' });
    expect(after!.rev).toBe(first.rev + 1);
    expect(after!.body).toMatchObject({ supportTicketConversationId: 'T-9', externalUrl: 'https://desk.example.com/T-9' });
    expect(after!.messages).toEqual(first.messages);
    expect((await s.outbox.read('conversation:c1'))!.rev).toBe(after!.rev);
  });
});

describe('Outbox: records stored in an older shape', () => {
  it('stores the repair of a feedback document whose reasons lack details, once', async () => {
    const s = setup();
    const body = { id: 'f1', type: 'negative', messageId: 'm1', createdAt: '2026-01-01T00:00:00.000Z', reasons: [{ label: 'Inaccurate' }] };
    await s.plant('feedback:f1', { ...upsertDocument(undefined, 'feedback', 'f1', body, T0), state: 'rejected', lastError: 'HTTP 400' });
    const read = await s.outbox.read('feedback:f1');
    expect(read!.body.reasons).toEqual([{ label: 'Inaccurate', details: '' }]);
    expect(read!.state).toBe('pending');
    await s.outbox.idle();
    const stored = (await s.store.get('feedback:f1')) as OutboxRecord;
    expect(stored.body.reasons).toEqual([{ label: 'Inaccurate', details: '' }]);
    expect(stored.rev).toBe(read!.rev);
    // Read again: nothing left to repair, no new revision.
    expect((await s.outbox.read('feedback:f1'))!.rev).toBe(stored.rev);
  });
});

describe('times across a wall clock jump', () => {
  it('a wall clock that jumps while a transition commits does not move its retry: its times are rebased from when it made them', async () => {
    for (const jump of [-3_600_000, 3_600_000]) {
      let wall = T0;
      const mono = 5_000;
      let jumpOnCommit = 0;
      const inner = createMemoryStore();
      // The jump lands after the transition ran and before its commit is known (an IndexedDB transaction in between).
      const store: OutboxStore = { ...inner, kind: inner.kind, async transact(u) {
        const r = await inner.transact(u);
        wall += jumpOnCommit;
        jumpOnCommit = 0;
        return r;
      } };
      const outbox = createOutbox({ store, now: () => wall, clock: () => mono, settleMs: () => 60_000, maxStoredBytes: () => 50_000_000, emit() {}, report() {}, changed() {} });
      await outbox.append('c1', {}, msg('m1'), false);
      jumpOnCommit = jump;
      await outbox.fail('conversation:c1', RETRY, 'HTTP 500', 2_000, () => 0, 1);
      expect(wall, 'the wall clock jumped').toBe(T0 + jump);
      expect(outbox.info('conversation:c1')!.nextAttemptAt, `jump ${jump}`).toBe(mono + 2_000);
    }
  });
});


// A read of a record that a commit of this tab overtakes (its value read before the commit, its
// result used after) must not be taken for the current record: the next transition is built on what
// the tab holds, and an ack built on the older value wrote over the message committed meanwhile
// (seen: an answer stored while its question's request was being read for sending, lost at the ack).
// Every Outbox call that reads the store and learns what it read:
const READS: Record<string, (o: ReturnType<typeof createOutbox>) => Promise<unknown>> = {
  read: (o) => o.read(K1),
  due: (o) => (o.changedElsewhere(K1, 99), o.due()),
  messages: (o) => o.messages('c1'),
  conversations: (o) => o.conversations(),
};
const K1 = 'conversation:c1';

describe('a read overtaken by a commit of the same record', () => {
  for (const [name, readIt] of Object.entries(READS)) {
    it(`${name}(): the record committed meanwhile stands, and the next transition keeps its message`, async () => {
      const inner = createMemoryStore();
      const hold = () => {
        let open!: () => void;
        const gate = new Promise<void>((r) => (open = r));
        return { gate, open, reached: false };
      };
      let tx: ReturnType<typeof hold> | undefined;
      let rd: ReturnType<typeof hold> | undefined;
      const store: OutboxStore = {
        ...inner,
        kind: inner.kind,
        async get(key) {
          const v = await inner.get(key);
          if (rd) (rd.reached = true), await rd.gate;
          return v;
        },
        async each(fn) {
          const all: [string, unknown][] = [];
          await inner.each((k, v) => all.push([k, v]));
          if (rd) (rd.reached = true), await rd.gate;
          for (const [k, v] of all) fn(k, v);
        },
        async transact(u) {
          if (tx) (tx.reached = true), await tx.gate;
          return inner.transact(u);
        },
      };
      // One tab that holds every lock it asks for (Web Locks present): it owns the record and writes from what it holds.
      const { outbox } = setup({ store, locks: { hold: async () => () => {} } });
      await outbox.append('c1', {}, msg('m1'), false);
      const wait = async (h: ReturnType<typeof hold>) => {
        for (let i = 0; i < 100 && !h.reached; i++) await new Promise((r) => setTimeout(r, 0));
        expect(h.reached).toBe(true);
      };
      // m2's transaction starts and waits; the read takes the stored value (m1 only) and waits; m2 commits; the read ends.
      tx = hold();
      const appending = outbox.append('c1', {}, msg('m2', 'the answer', 'assistant'), false);
      await wait(tx);
      rd = hold();
      const reading = readIt(outbox);
      await wait(rd);
      const t = tx;
      tx = undefined;
      t.open();
      await appending;
      const r = rd;
      rd = undefined;
      r.open();
      await reading;
      expect(outbox.info(K1)?.rev, 'what the tab knows').toBe(2);
      // The request that carried revision 1 is acknowledged.
      await outbox.ack(K1, 1, T0);
      const stored = (await inner.get(K1)) as OutboxRecord;
      expect(stored.messages!.map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(stored).toMatchObject({ rev: 2, ackedRev: 1, state: 'pending' });
    });
  }

  for (const [what, during] of [
    ['appended while the start-up read runs is known at its new revision', (o: ReturnType<typeof createOutbox>) => o.append('c1', {}, msg('m2', 'the answer', 'assistant'), false).then(() => 2)],
    // Another tab's write, announced while the cursor runs: the record is read again, not left unknown.
    ['another tab announces while the start-up read runs is still known', async (o: ReturnType<typeof createOutbox>) => (o.changedElsewhere(K1, 5), 1)],
  ] as const) {
  it(`load(): a record ${what}`, async () => {
    const inner = createMemoryStore();
    let open!: () => void;
    let reached = false;
    let gate: Promise<void> | undefined;
    const store: OutboxStore = {
      ...inner,
      kind: inner.kind,
      async each(fn) {
        const all: [string, unknown][] = [];
        await inner.each((k, v) => all.push([k, v]));
        if (gate) (reached = true), await gate;
        for (const [k, v] of all) fn(k, v);
      },
    };
    // Written by another tab (an outbox of its own on the same store): this one has not seen it before its load.
    await setup({ store: inner }).outbox.append('c1', {}, msg('m1'), false);
    const { outbox } = setup({ store, locks: { hold: async () => () => {} } });
    gate = new Promise<void>((r) => (open = r));
    const loading = outbox.load();
    for (let i = 0; i < 100 && !reached; i++) await new Promise((r) => setTimeout(r, 0));
    expect(reached).toBe(true);
    const rev = await during(outbox);
    gate = undefined;
    open();
    await loading;
    expect(outbox.info(K1)?.rev).toBe(rev);
  });
  }
});
