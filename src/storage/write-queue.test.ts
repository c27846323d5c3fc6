import { describe, expect, it } from 'vitest';
import type { KeyWrite, OutboxStore } from './outbox-store.ts';
import { storeEntries } from './store-entries.ts';
import { createMemoryStore } from './memory-store.ts';
import { createWriteQueue } from './write-queue.ts';

/** The memory store, counting transactions; `gate` (when set) holds each transaction until released. */
function spyStore(opts: { failNext?: () => boolean } = {}) {
  const inner = createMemoryStore();
  const calls: Map<string, KeyWrite>[] = [];
  let gate: Promise<void> | undefined;
  const store: OutboxStore = {
    ...inner,
    kind: inner.kind,
    async transact(updates) {
      calls.push(updates);
      if (gate) await gate;
      if (opts.failNext?.()) throw new Error('disk on fire');
      return inner.transact(updates);
    },
  };
  return {
    store,
    calls,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe('createWriteQueue', () => {
  it('an unforeseen error (a hook that throws) fails the writes waiting, and the next writes go through (none waits forever)', async () => {
    const s = spyStore();
    let boom = true;
    const q = createWriteQueue(s.store, {
      committed() {
        if (boom) throw new TypeError('broken by the page');
      },
    });
    const [a, b] = [q.write('a', () => 1), q.write('b', () => 2)];
    await expect(a).rejects.toThrow('broken by the page');
    await expect(b).rejects.toThrow('broken by the page');
    boom = false;
    await expect(q.write('c', () => 3)).resolves.toBe(3);
    await expect(q.idle()).resolves.toBeUndefined();
  });

  it('one write costs one transaction and resolves with the updater result', async () => {
    const s = spyStore();
    const q = createWriteQueue(s.store);
    await expect(q.write('a', () => ({ n: 1 }))).resolves.toEqual({ n: 1 });
    expect(s.calls).toHaveLength(1);
    expect(await s.store.get('a')).toEqual({ n: 1 });
  });

  it('a synchronous burst of 1,000 writes shares very few transactions, and every value lands', async () => {
    const s = spyStore();
    const q = createWriteQueue(s.store);
    const writes = Array.from({ length: 1_000 }, (_, i) => q.write(`k${i}`, () => i));
    const results = await Promise.all(writes);
    expect(results).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(s.calls.length).toBeGreaterThanOrEqual(1);
    expect(s.calls.length).toBeLessThanOrEqual(3);
    expect((await storeEntries(s.store)).length).toBe(1_000);
  });

  it('updaters of one key run in call order, each seeing the previous value', async () => {
    const s = spyStore();
    const q = createWriteQueue(s.store);
    const incs = Array.from({ length: 1_000 }, () => q.write('counter', (old) => ((old as number | undefined) ?? 0) + 1));
    expect(await Promise.all(incs)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(await s.store.get('counter')).toBe(1_000);
    expect(s.calls.length).toBeLessThanOrEqual(3);
  });

  it('writes asked for while a transaction runs go into the next one', async () => {
    const s = spyStore();
    const q = createWriteQueue(s.store);
    const release = s.hold();
    const first = q.write('a', () => 1);
    await Promise.resolve();
    await Promise.resolve();
    expect(s.calls).toHaveLength(1);
    const later = [q.write('b', () => 2), q.write('c', () => 3), q.write('a', (old) => (old as number) + 10)];
    release();
    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual([2, 3, 11]);
    expect(s.calls).toHaveLength(2);
    expect([...s.calls[1]!.keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('each promise settles only after its transaction has committed', async () => {
    const s = spyStore();
    const q = createWriteQueue(s.store);
    const release = s.hold();
    let settled = false;
    const p = q.write('a', () => 'v').then((v) => {
      settled = true;
      return v;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
    expect(await s.store.get('a')).toBeUndefined();
    release();
    expect(await p).toBe('v');
    expect(await s.store.get('a')).toBe('v');
  });

  it('a throwing updater rejects only its own write; the others of the batch commit', async () => {
    const s = spyStore();
    const q = createWriteQueue(s.store);
    const boom = new Error('refused');
    const a1 = q.write('a', () => 1);
    const a2 = q.write('a', () => {
      throw boom;
    });
    const a3 = q.write('a', (old) => (old as number) + 1);
    const b = q.write('b', () => 'b');
    await expect(a2).rejects.toBe(boom);
    expect(await a1).toBe(1);
    expect(await a3).toBe(2); // saw the value before the refused updater
    expect(await b).toBe('b');
    expect(await s.store.get('a')).toBe(2);
    expect(s.calls).toHaveLength(1);
  });

  it('a failing transaction rejects every write of its batch and stores none of them; the queue keeps working', async () => {
    let fail = true;
    const s = spyStore({ failNext: () => fail });
    const q = createWriteQueue(s.store);
    const batch = [q.write('a', () => 1), q.write('b', () => 2), q.write('a', () => 3)];
    const outcomes = await Promise.allSettled(batch);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(outcomes.map((o) => (o as PromiseRejectedResult).reason?.message)).toEqual(['disk on fire', 'disk on fire', 'disk on fire']);
    expect(await storeEntries(s.store)).toEqual([]);
    fail = false;
    await expect(q.write('a', () => 'ok')).resolves.toBe('ok');
    expect(await s.store.get('a')).toBe('ok');
  });

  it('returning undefined deletes the key', async () => {
    const s = spyStore();
    const q = createWriteQueue(s.store);
    await q.write('a', () => 1);
    await q.write('a', () => undefined);
    expect(await s.store.get('a')).toBeUndefined();
    expect(await storeEntries(s.store)).toEqual([]);
  });

  it('idle() waits for every write asked for so far', async () => {
    const s = spyStore();
    const q = createWriteQueue(s.store);
    const release = s.hold();
    void q.write('a', () => 1);
    void q.write('b', () => 2);
    let idle = false;
    const p = q.idle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(idle).toBe(false);
    release();
    await p;
    expect((await storeEntries(s.store)).map(([k]) => k).sort()).toEqual(['a', 'b']);
  });

  it('a key whose value the caller knows (base) is written without a read, from that value', async () => {
    const s = spyStore();
    await s.store.transact(new Map([['a', { fns: [() => 'stored'] }]]));
    const q = createWriteQueue(s.store, { base: (key) => (key === 'a' ? { value: 'known' } : undefined) });
    let seen: unknown;
    await q.write('a', (old) => ((seen = old), `${old}+1`));
    await q.write('b', (old) => old ?? 'fresh');
    expect(seen).toBe('known');
    expect(s.calls.at(-2)!.get('a')!.base).toEqual({ value: 'known' });
    expect(s.calls.at(-1)!.get('b')!.base).toBeUndefined();
    expect(await s.store.get('a')).toBe('known+1');
  });

  it('committed() gets each key’s final value after its transaction, before any write resolves; never for a failed one', async () => {
    let fail = false;
    const s = spyStore({ failNext: () => fail });
    const log: string[] = [];
    const q = createWriteQueue(s.store, { committed: (key, value) => log.push(`${key}=${String(value)}`) });
    const a = q.write('a', () => 1).then(() => log.push('a resolved'));
    const b = q.write('a', (old) => (old as number) + 1);
    const refused = q.write('c', () => {
      throw new Error('no');
    });
    await Promise.all([a, b, refused.catch(() => {})]);
    expect(log).toEqual(['a=2', 'c=undefined', 'a resolved']);
    fail = true;
    await q.write('a', () => 5).catch(() => {});
    expect(log).toHaveLength(3);
  });

  it('busy() is true while a key’s writes are queued or in a transaction', async () => {
    const s = spyStore();
    const q = createWriteQueue(s.store);
    const release = s.hold();
    const p = q.write('a', () => 1);
    expect(q.busy('a')).toBe(true);
    expect(q.busy('b')).toBe(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(q.busy('a')).toBe(true);
    release();
    await p;
    expect(q.busy('a')).toBe(false);
  });
});
