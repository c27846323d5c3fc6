/**
 * The Outbox's delivery-engine parts: exclusive write ownership (a write without a read), the open
 * set delivery reads instead of the whole outbox, convergence marks, times on the monotonic clock
 * (a wall clock that jumps), the start-up load, and payload dates that keep their order.
 */
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS } from '../core/backoff.ts';
import { appendMessage, type OutboxRecord } from '../core/outbox-record.ts';
import type { Message } from '../core/schema.ts';
import { createMemoryStore } from './memory-store.ts';
import { createOutbox } from './outbox.ts';
import type { KeyWrite, OutboxStore } from './outbox-store.ts';
import type { LockPort } from './write-owner.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const at = (t: number) => new Date(t).toISOString();
const msg = (id: string, t = T0): Message => ({ id, role: 'user', content: `text ${id}`, createdAt: at(t), updatedAt: at(t) });
const RETRY = { kind: 'retry', pauseAll: false } as const;

/** A store other tabs share (as IndexedDB is), recording each transaction's writes. */
function sharedStore() {
  const inner = createMemoryStore();
  const txs: Map<string, KeyWrite>[] = [];
  const store: OutboxStore = {
    ...inner,
    kind: 'indexeddb',
    transact(updates) {
      txs.push(updates);
      return inner.transact(updates);
    },
  };
  const plant = (key: string, raw: unknown) => inner.transact(new Map([[key, { fns: [() => raw] }]]));
  return { store, txs, plant };
}

/** Web Locks as one tab sees them: grants at once unless `elsewhere` holds the name; `ask` plays another tab asking. */
function fakePort() {
  const wanted = new Map<string, () => void>();
  const asks: string[] = [];
  let denied = false;
  const port: LockPort & { ask(name: string): void; deny(): void } = {
    async hold(name, _wait, onWanted) {
      asks.push(name);
      if (denied) return 'none';
      wanted.set(name, onWanted);
      return () => wanted.delete(name);
    },
    ask: (name) => wanted.get(name)?.(),
    deny: () => void (denied = true),
  };
  return { port, asks, held: () => [...wanted.keys()] };
}

function setup(o: { store?: OutboxStore; port?: LockPort; clock?: () => number } = {}) {
  let wall = T0;
  let mono = 1_000;
  const outbox = createOutbox({
    store: o.store ?? sharedStore().store,
    now: () => wall,
    clock: o.clock ?? (() => mono),
    settleMs: () => 60_000,
    maxStoredBytes: () => 50_000_000,
    emit: () => {},
    report: () => {},
    changed: () => {},
    locks: o.port,
  });
  return {
    outbox,
    /** Both clocks move on. */
    advance: (ms: number) => void ((wall += ms), (mono += ms)),
    /** Only the wall clock moves (NTP, a manual change, a time zone bug). */
    jumpWall: (ms: number) => void (wall += ms),
    mono: () => mono,
  };
}

describe('Outbox: writes without a read while this tab owns the record', () => {
  it('the first write after taking ownership reads; the next ones write from what this tab committed', async () => {
    const { store, txs } = sharedStore();
    const { port, asks } = fakePort();
    const s = setup({ store, port });
    await s.outbox.append('c1', {}, msg('m1'), false);
    await s.outbox.append('c1', {}, msg('m2'), false);
    await s.outbox.append('c1', {}, msg('m3'), false);
    expect(txs.map((t) => !!t.get('conversation:c1')!.base)).toEqual([false, true, true]);
    expect(asks).toEqual(['write:conversation:c1']);
    expect(((await store.get('conversation:c1')) as OutboxRecord).messages!.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('another tab asking for the record makes this tab let go once its writes are done; the next write reads again', async () => {
    const { store, txs, plant } = sharedStore();
    const { port, held } = fakePort();
    const s = setup({ store, port });
    await s.outbox.append('c1', {}, msg('m1'), false);
    port.ask('write:conversation:c1');
    expect(held()).toEqual([]);
    // The other tab appends meanwhile: its message must survive this tab's next write.
    const theirs = appendMessage((await store.get('conversation:c1')) as OutboxRecord, 'c1', {}, msg('theirs'), T0);
    await plant('conversation:c1', theirs);
    await s.outbox.append('c1', {}, msg('m2'), false);
    expect(txs.at(-1)!.get('conversation:c1')!.base).toBeUndefined();
    expect(((await store.get('conversation:c1')) as OutboxRecord).messages!.map((m) => m.id)).toEqual(['m1', 'theirs', 'm2']);
  });

  it('where locks are denied every write reads first, and no lock is asked for again', async () => {
    const { store, txs } = sharedStore();
    const { port, asks } = fakePort();
    port.deny();
    const s = setup({ store, port });
    for (const id of ['m1', 'm2', 'm3']) await s.outbox.append('c1', {}, msg(id), false);
    expect(txs.every((t) => !t.get('conversation:c1')!.base)).toBe(true);
    expect(asks).toHaveLength(1);
  });

  it('sendable() gives the whole records this tab holds with data to send, for the closing page', async () => {
    const { port } = fakePort();
    const s = setup({ port });
    await s.outbox.append('c1', {}, msg('m1'), false);
    await s.outbox.append('c2', {}, msg('m1'), false);
    await s.outbox.ack('conversation:c2', 1);
    expect(s.outbox.sendable().map((r) => [r.id, r.messages!.length])).toEqual([['c1', 1]]);
  });
});

describe('Outbox: what delivery reads', () => {
  it('due() lists open records only, and re-reads one another tab changed', async () => {
    const { store, plant } = sharedStore();
    const s = setup({ store });
    await s.outbox.append('done', {}, msg('m1'), false);
    await s.outbox.ack('conversation:done', 1);
    await s.outbox.append('open', {}, msg('m1'), false);
    expect((await s.outbox.due()).map((m) => m.key)).toEqual(['conversation:open']);
    // Another tab appends to the delivered one and says so.
    const r = appendMessage((await store.get('conversation:done')) as OutboxRecord, 'done', {}, msg('m2'), T0);
    await plant('conversation:done', r);
    s.outbox.changedElsewhere('conversation:done', 2);
    expect((await s.outbox.due()).map((m) => m.key).sort()).toEqual(['conversation:done', 'conversation:open']);
    expect(s.outbox.info('conversation:done')).toMatchObject({ rev: 2, ackedRev: 1 });
    expect(s.outbox.info('conversation:done')!.stale).toBeFalsy();
  });

  it('load() reads every record once, keeps metadata only, and suspects pending ones (the page before may have had them in flight)', async () => {
    const { store, plant } = sharedStore();
    await plant('conversation:p', appendMessage(undefined, 'p', {}, msg('m1'), T0));
    const s = setup({ store });
    await s.outbox.load();
    expect(s.outbox.info('conversation:p')).toMatchObject({ rev: 1, ackedRev: 0, bytes: expect.any(Number) });
    expect(s.outbox.info('conversation:p')).not.toHaveProperty('messages');
    expect(s.outbox.sendable()).toEqual([]);
    // A newer revision acknowledged before that request could land: not settled, a resend is due after it.
    await s.outbox.append('p', {}, msg('m2'), false);
    const acked = await s.outbox.ack('conversation:p', 2, T0 + 10);
    expect(acked).toMatchObject({ state: 'delivered', ackedRev: 2, unsettledRev: 1, settleAt: T0 + 60_000 });
    expect(s.outbox.stats()).toMatchObject({ pending: 0, delivered: 1, settling: 1 });
    expect((await s.outbox.due()).map((m) => m.key)).toEqual(['conversation:p']);
  });

  it('fail() with a settle point records the revision of the request whose outcome is unknown', async () => {
    const s = setup();
    await s.outbox.append('c', {}, msg('m1'), false);
    const r = await s.outbox.fail('conversation:c', { ...RETRY, unknown: true }, 'no response within 30000 ms', undefined, () => 0.5, 1, T0 + 60_000);
    expect(r).toMatchObject({ state: 'pending', attempts: 1, unsettledRev: 1, settleAt: T0 + 60_000 });
  });
});

describe('Outbox: times that survive a wall clock jump', () => {
  it('a retry is timed on the monotonic clock: the wall clock moving back an hour does not move it', async () => {
    const s = setup();
    await s.outbox.append('c', {}, msg('m1'), false);
    await s.outbox.fail('conversation:c', RETRY, 'HTTP 500', undefined, () => 0.5, 1);
    const due = s.outbox.info('conversation:c')!.nextAttemptAt;
    expect(due).toBe(s.mono() + 500);
    s.jumpWall(-3_600_000);
    expect(s.outbox.info('conversation:c')!.nextAttemptAt).toBe(due);
  });

  it('a stored retry further away than the backoff cap (written before the clock moved back) is clamped when loaded', async () => {
    const { store, plant } = sharedStore();
    const r = appendMessage(undefined, 'c', {}, msg('m1'), T0);
    await plant('conversation:c', { ...r, attempts: 3, nextAttemptAt: T0 + 3_600_000, unsettledRev: 1, settleAt: T0 + 3_600_000 });
    const s = setup({ store });
    await s.outbox.load();
    expect(s.outbox.info('conversation:c')).toMatchObject({ nextAttemptAt: s.mono() + BACKOFF_CAP_MS, settleAt: s.mono() + 60_000 });
  });

  it('dates stamped by us keep the order the visitor saw when the clock moved back; the host’s own dates are kept', async () => {
    const s = setup();
    await s.outbox.append('c', {}, msg('m1', T0), false, true);
    const r = await s.outbox.append('c', {}, msg('m2', T0 - 3_600_000), false, true);
    expect(r.messages!.map((m) => m.createdAt)).toEqual([at(T0), at(T0)]);
    const given = await s.outbox.append('c', {}, msg('m3', T0 - 7_200_000), false, false);
    expect(given.messages!.at(-1)!.createdAt).toBe(at(T0 - 7_200_000));
  });
});
