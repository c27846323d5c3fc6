/**
 * Tab sync: the per-name promise chain without Web Locks, the Web Locks calls (through a fake
 * LockManager that records its options), and BroadcastChannel messages (Node's own).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY, createTabSync, type TabMessage, type TabSync } from './tab-sync.ts';
import { deferred, tick, until } from '../core/test-waits.harness.ts';


const opened: TabSync[] = [];
const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
  for (const c of channels.splice(0)) c.close();
});
const open = (prefix: string, deps: Parameters<typeof createTabSync>[1]) => {
  const t = createTabSync(prefix, deps);
  opened.push(t);
  return t;
};

/**
 * A LockManager for one origin: exclusive locks, `ifAvailable` answered with a null lock, waiters
 * granted in order, `signal` aborting a wait with an AbortError. Records every request's options.
 */
function fakeLocks() {
  const held = new Set<string>();
  const queues = new Map<string, (() => void)[]>();
  const requests: { name: string; options: LockOptions }[] = [];
  const release = (name: string) => {
    held.delete(name);
    queues.get(name)?.shift()?.();
  };
  const grant = async (name: string, cb: (lock: Lock | null) => unknown) => {
    held.add(name);
    try {
      return await cb({ name, mode: 'exclusive' } as Lock);
    } finally {
      release(name);
    }
  };
  const manager = {
    request(name: string, options: LockOptions, cb: (lock: Lock | null) => unknown): Promise<unknown> {
      requests.push({ name, options });
      if (!held.has(name)) return grant(name, cb);
      if (options.ifAvailable) return Promise.resolve().then(() => cb(null));
      return new Promise((resolve, reject) => {
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        const go = () => void grant(name, cb).then(resolve, reject);
        queue.push(go);
        options.signal?.addEventListener('abort', () => {
          const i = queue.indexOf(go);
          if (i >= 0) queue.splice(i, 1);
          reject(new DOMException('The request was aborted.', 'AbortError'));
        });
      });
    },
    query: async () => ({ held: [], pending: [] }),
  };
  /** Another tab takes the lock until the returned function is called. */
  const holdElsewhere = (name: string) => {
    const d = deferred();
    void manager.request(name, {}, () => d.promise);
    return d.resolve;
  };
  return { locks: manager as unknown as LockManager, requests, held, holdElsewhere };
}

describe('createTabSync without Web Locks', () => {
  it('withLock runs the functions of one name one after another', async () => {
    const tabs = open('p', { locks: undefined, Channel: undefined });
    const log: string[] = [];
    const gate = deferred();
    const a = tabs.withLock('doc', true, async () => {
      log.push('a start');
      await gate.promise;
      log.push('a end');
      return 'A';
    });
    const b = tabs.withLock('doc', true, async () => {
      log.push('b start');
      return 'B';
    });
    await tick();
    expect(log).toEqual(['a start']);
    gate.resolve();
    expect(await Promise.all([a, b])).toEqual(['A', 'B']);
    expect(log).toEqual(['a start', 'a end', 'b start']);
  });

  it('without wait, returns BUSY while the name is held and runs nothing; free again once it ends', async () => {
    const tabs = open('p', { locks: undefined, Channel: undefined });
    const gate = deferred();
    const first = tabs.withLock('doc', false, () => gate.promise.then(() => 1));
    let ran = false;
    expect(
      await tabs.withLock('doc', false, async () => {
        ran = true;
      }),
    ).toBe(BUSY);
    expect(ran).toBe(false);
    gate.resolve();
    expect(await first).toBe(1);
    // Right after the holder settles, the name is free.
    expect(await tabs.withLock('doc', false, async () => 2)).toBe(2);
    expect(await tabs.withLock('doc', false, async () => 3)).toBe(3);
  });

  it('a function that throws rejects its own call and releases the name', async () => {
    const tabs = open('p', { locks: undefined, Channel: undefined });
    await expect(tabs.withLock('doc', false, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await tabs.withLock('doc', false, async () => 'next')).toBe('next');
  });

  it('different names run concurrently', async () => {
    const tabs = open('p', { locks: undefined, Channel: undefined });
    const gate = deferred();
    const started: string[] = [];
    const a = tabs.withLock('a', false, async () => {
      started.push('a');
      await gate.promise;
    });
    const b = tabs.withLock('b', false, async () => {
      started.push('b');
      await gate.promise;
    });
    await tick();
    expect(started.sort()).toEqual(['a', 'b']);
    gate.resolve();
    await Promise.all([a, b]);
  });

  it('whenFree is a no-op and post/onMessage work without a channel', async () => {
    const tabs = open('p', { locks: undefined, Channel: undefined });
    let called = 0;
    tabs.whenFree('doc', () => called++);
    const got: TabMessage[] = [];
    tabs.onMessage((m) => got.push(m));
    expect(() => tabs.post({ t: 'changed', key: 'conversation:x', rev: 1 })).not.toThrow();
    await tick();
    expect(called).toBe(0);
    expect(got).toEqual([]);
  });
});

describe('createTabSync with Web Locks', () => {
  it('asks with ifAvailable when not waiting, under the prefixed name, and returns fn’s result', async () => {
    const f = fakeLocks();
    const tabs = open('pre', { locks: f.locks, Channel: undefined });
    expect(await tabs.withLock('send:conversation:a', false, async () => 'sent')).toBe('sent');
    expect(f.requests).toEqual([{ name: 'pre:send:conversation:a', options: { ifAvailable: true } }]);
  });

  it('asks with an abort signal (and without ifAvailable) when waiting', async () => {
    const f = fakeLocks();
    const tabs = open('pre', { locks: f.locks, Channel: undefined });
    expect(await tabs.withLock('x', true, async () => 7)).toBe(7);
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]!.options.ifAvailable).toBeUndefined();
    expect(f.requests[0]!.options.signal).toBeInstanceOf(AbortSignal);
    expect(f.requests[0]!.options.signal!.aborted).toBe(false);
  });

  it('a null lock (held in another tab) gives BUSY without running fn', async () => {
    const f = fakeLocks();
    const tabs = open('pre', { locks: f.locks, Channel: undefined });
    const release = f.holdElsewhere('pre:x');
    let ran = false;
    expect(
      await tabs.withLock('x', false, async () => {
        ran = true;
      }),
    ).toBe(BUSY);
    expect(ran).toBe(false);
    release();
  });

  it('waiting for a lock held elsewhere runs fn once it is released', async () => {
    const f = fakeLocks();
    const tabs = open('pre', { locks: f.locks, Channel: undefined });
    const release = f.holdElsewhere('pre:x');
    let ran = false;
    const p = tabs.withLock('x', true, async () => {
      ran = true;
      return 'done';
    });
    await tick();
    expect(ran).toBe(false);
    release();
    expect(await p).toBe('done');
  });

  it('whenFree calls back once the lock is free, with one watcher per name', async () => {
    const f = fakeLocks();
    const tabs = open('pre', { locks: f.locks, Channel: undefined });
    const release = f.holdElsewhere('pre:x');
    const calls: string[] = [];
    tabs.whenFree('x', () => calls.push('first'));
    tabs.whenFree('x', () => calls.push('second'));
    const watchers = f.requests.filter((r) => r.name === 'pre:x' && r.options.signal);
    expect(watchers).toHaveLength(1);
    await tick();
    expect(calls).toEqual([]);
    release();
    await until(() => calls.length > 0, 'whenFree callback');
    await tick();
    expect(calls).toEqual(['first']);
    // The watcher has let go: the lock is free, and a new watch may start.
    expect(f.held.has('pre:x')).toBe(false);
    tabs.whenFree('x', () => calls.push('third'));
    await until(() => calls.length === 2, 'second watch');
    expect(calls).toEqual(['first', 'third']);
  });

  it('close() aborts pending waits: withLock rejects with AbortError, whenFree never calls back', async () => {
    const f = fakeLocks();
    const tabs = createTabSync('pre', { locks: f.locks, Channel: undefined });
    const release = f.holdElsewhere('pre:x');
    let ran = false;
    const waiting = tabs.withLock('x', true, async () => {
      ran = true;
    });
    let freed = false;
    tabs.whenFree('x', () => (freed = true));
    tabs.close();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await tick();
    await tick();
    expect(ran).toBe(false);
    expect(freed).toBe(false);
    expect(f.held.has('pre:x')).toBe(false);
  });
});

describe('createTabSync where the browser denies Web Locks (sandboxed or third-party iframes)', () => {
  /** A LockManager whose every request rejects with SecurityError, counting the calls. */
  function deniedLocks() {
    const calls: string[] = [];
    const locks = {
      request(name: string) {
        calls.push(name);
        return Promise.reject(new DOMException('Access to the Locks API is denied in this context.', 'SecurityError'));
      },
    } as unknown as LockManager;
    return { locks, calls };
  }

  it('serialises within the tab after the first refusal, says so, and never asks the browser again', async () => {
    const d = deniedLocks();
    const tabs = open('pre', { locks: d.locks, Channel: undefined });
    expect(tabs.mode()).toBe('web-locks');
    const order: string[] = [];
    let release!: () => void;
    const first = tabs.withLock('x', true, () => new Promise<void>((r) => (release = () => (order.push('first'), r()))));
    await until(() => release !== undefined, 'the first to run');
    expect(tabs.mode()).toBe('tab-only');
    const second = tabs.withLock('x', true, async () => void order.push('second'));
    expect(await tabs.withLock('x', false, async () => 'no')).toBe(BUSY);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    for (let i = 0; i < 50; i++) await tabs.withLock(`k${i}`, i % 2 === 0, async () => i);
    tabs.whenFree('x', () => {});
    await tabs.probe();
    expect(await tabs.hold('write:k', true, () => {})).toBe('none');
    expect(d.calls).toHaveLength(1);
  });

  it('probe() finds out at start, with one request', async () => {
    const d = deniedLocks();
    const tabs = open('pre', { locks: d.locks, Channel: undefined });
    await tabs.probe();
    expect(tabs.mode()).toBe('tab-only');
    expect(d.calls).toEqual(['pre:probe']);
    const ok = open('pre', { locks: fakeLocks().locks, Channel: undefined });
    await ok.probe();
    expect(ok.mode()).toBe('web-locks');
  });

  it('an error thrown by fn itself is not a refusal: it rejects that call and Web Locks stay in use', async () => {
    const f = fakeLocks();
    const tabs = open('pre', { locks: f.locks, Channel: undefined });
    await expect(tabs.withLock('x', true, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(tabs.mode()).toBe('web-locks');
  });
});

describe('createTabSync: write locks (hold)', () => {
  let n = 0;
  const name = () => `hold-${process.pid}-${n++}`;

  it('holds until released; without waiting, a lock held elsewhere is busy', async () => {
    const f = fakeLocks();
    const tabs = open('pre', { locks: f.locks, Channel: undefined });
    const release = await tabs.hold('write:a', true, () => {});
    expect(typeof release).toBe('function');
    expect(f.held.has('pre:write:a')).toBe(true);
    const other = open('pre', { locks: f.locks, Channel: undefined });
    expect(await other.hold('write:a', false, () => {})).toBe('busy');
    (release as () => void)();
    await tick();
    expect(f.held.has('pre:write:a')).toBe(false);
    expect(await open('pre', { locks: undefined, Channel: undefined }).hold('write:a', true, () => {})).toBe('none');
  });

  it('a tab waiting for a lock asks its holder (over the channel) to let go', async () => {
    const f = fakeLocks();
    const p = name();
    const a = open(p, { locks: f.locks, Channel: BroadcastChannel });
    const b = open(p, { locks: f.locks, Channel: BroadcastChannel });
    let asked = 0;
    let releaseA!: () => void;
    const held = await a.hold('write:k', true, () => {
      asked++;
      releaseA();
    });
    releaseA = held as () => void;
    const taken = await b.hold('write:k', true, () => {});
    expect(asked).toBe(1);
    expect(typeof taken).toBe('function');
  });

  it('close() lets go of held locks', async () => {
    const f = fakeLocks();
    const tabs = createTabSync('pre', { locks: f.locks, Channel: undefined });
    await tabs.hold('write:a', true, () => {});
    tabs.close();
    await tick();
    expect(f.held.has('pre:write:a')).toBe(false);
  });
});

describe('createTabSync with BroadcastChannel', () => {
  let n = 0;
  const prefix = () => `tab-sync-test-${process.pid}-${++n}`;

  it('two instances with the same prefix receive each other’s posts, not their own', async () => {
    const name = prefix();
    const a = open(name, { locks: undefined, Channel: BroadcastChannel });
    const b = open(name, { locks: undefined, Channel: BroadcastChannel });
    const gotA: TabMessage[] = [];
    const gotB: TabMessage[] = [];
    a.onMessage((m) => gotA.push(m));
    b.onMessage((m) => gotB.push(m));
    a.post({ t: 'changed', key: 'conversation:x', rev: 3 });
    b.post({ t: 'sending', key: 'conversation:x', sending: true });
    b.post({ t: 'pause', ms: 123 });
    await until(() => gotA.length === 2 && gotB.length === 1, 'messages');
    await tick();
    expect(gotB).toEqual([{ t: 'changed', key: 'conversation:x', rev: 3 }]);
    expect(gotA).toEqual([
      { t: 'sending', key: 'conversation:x', sending: true },
      { t: 'pause', ms: 123 },
    ]);
  });

  it('a listener that throws (a malformed message from another version) neither reaches the page nor stops the others', async () => {
    const name = prefix();
    const a = open(name, { locks: undefined, Channel: BroadcastChannel });
    const b = open(name, { locks: undefined, Channel: BroadcastChannel });
    const got: TabMessage[] = [];
    b.onMessage((m) => {
      if ((m as { t?: string }).t === 'bad') throw new TypeError('malformed');
    });
    b.onMessage((m) => got.push(m));
    a.post({ t: 'bad' } as unknown as TabMessage);
    a.post({ t: 'changed', key: 'k', rev: 1 });
    await until(() => got.length === 2, 'both messages');
    expect(got.map((m) => m.t)).toEqual(['bad', 'changed']);
  });

  it('another prefix does not hear them', async () => {
    const a = open(prefix(), { locks: undefined, Channel: BroadcastChannel });
    const name = prefix();
    const b = open(name, { locks: undefined, Channel: BroadcastChannel });
    const witness = new BroadcastChannel(name);
    channels.push(witness);
    const got: TabMessage[] = [];
    a.onMessage((m) => got.push(m));
    const seen: unknown[] = [];
    witness.onmessage = (e) => seen.push(e.data);
    b.post({ t: 'changed', key: 'k', rev: 1 });
    await until(() => seen.length === 1, 'witness');
    await tick();
    expect(got).toEqual([]);
  });

  it('close() stops delivery to the closed instance, and posting after close does not throw', async () => {
    const name = prefix();
    const a = open(name, { locks: undefined, Channel: BroadcastChannel });
    const b = open(name, { locks: undefined, Channel: BroadcastChannel });
    const witness = new BroadcastChannel(name);
    channels.push(witness);
    const gotB: TabMessage[] = [];
    b.onMessage((m) => gotB.push(m));
    const seen: unknown[] = [];
    witness.onmessage = (e) => seen.push(e.data);
    b.close();
    a.post({ t: 'changed', key: 'k', rev: 1 });
    await until(() => seen.length === 1, 'witness');
    await tick();
    expect(gotB).toEqual([]);
    expect(() => b.post({ t: 'changed', key: 'k', rev: 2 })).not.toThrow();
  });

  it('a Channel constructor that throws degrades to no channel', async () => {
    class Broken {
      constructor() {
        throw new DOMException('denied', 'SecurityError');
      }
    }
    const tabs = open('p', { locks: undefined, Channel: Broken as unknown as typeof BroadcastChannel });
    const got: TabMessage[] = [];
    tabs.onMessage((m) => got.push(m));
    expect(() => tabs.post({ t: 'pause', ms: 1 })).not.toThrow();
    expect(await tabs.withLock('x', false, async () => 'ok')).toBe('ok');
    expect(() => tabs.close()).not.toThrow();
    expect(got).toEqual([]);
  });
});
