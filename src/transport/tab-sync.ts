/**
 * Coordination between tabs of one site: Web Locks make one request in flight per document and one
 * writer per record across all tabs; BroadcastChannel only says "something changed" (and asks a
 * lock's holder to let go). Where Web Locks are missing or denied (an insecure context, a sandboxed
 * or third-party iframe: `SecurityError`), it serialises within this tab instead, says so
 * (`mode()`), and never asks the browser again: a denied lock retried would be a busy loop.
 */
import type { LockPort } from '../storage/write-owner.ts';
import { bare } from '../core/own-copy.ts';
import { guarded } from '../core/guarded.ts';
import { firstSettled } from '../core/first-settled.ts';

export const BUSY = Symbol('busy');

export type TabMessage =
  | { t: 'changed'; key: string; rev: number }
  /** Every tab pauses sending for `ms` (a 429/503 with Retry-After); relative, since tabs' clocks differ. */
  | { t: 'pause'; ms: number }
  /** A tab started (`sending: true`) or finished a request for this document. */
  | { t: 'sending'; key: string; sending: boolean }
  /** A tab waits for this lock: its holder should let go once its writes are done. */
  | { t: 'want'; name: string };

export interface TabSync extends LockPort {
  /** Runs `fn` holding the named lock. Without `wait`, returns BUSY at once if another holder has it. */
  withLock<T>(name: string, wait: boolean, fn: () => Promise<T>): Promise<T | typeof BUSY>;
  /** Calls `cb` once the named lock is free again (the holder finished, or its tab closed). */
  whenFree(name: string, cb: () => void): void;
  /** Asks the browser once whether Web Locks work here (so `mode()` is right before the first send). */
  probe(): Promise<void>;
  /** 'web-locks' across tabs, or 'tab-only' where the browser denies them. */
  mode(): 'web-locks' | 'tab-only';
  post(msg: TabMessage): void;
  onMessage(cb: (msg: TabMessage) => void): void;
  close(): void;
}

export interface TabSyncDeps {
  locks?: LockManager | undefined;
  Channel?: typeof BroadcastChannel | undefined;
}

export function createTabSync(prefix: string, deps: TabSyncDeps = {}): TabSync {
  let locks: LockManager | undefined;
  try {
    locks = 'locks' in deps ? deps.locks : typeof navigator === 'undefined' ? undefined : navigator.locks;
  } catch {
    locks = undefined;
  }
  const Channel = 'Channel' in deps ? deps.Channel : typeof BroadcastChannel === 'undefined' ? undefined : BroadcastChannel;
  const abort = new AbortController();
  const local = new Map<string, Promise<unknown>>();
  const watching = new Set<string>();
  const holding = new Map<string, { wanted: () => void; release: () => void }>();
  const listeners: ((m: TabMessage) => void)[] = [];
  let channel: BroadcastChannel | undefined;
  try {
    channel = Channel ? new Channel(prefix) : undefined;
    if (channel)
      // Another tab's message (maybe from another version) never throws into this page: it was only a hint.
      channel.onmessage = guarded((e: MessageEvent) => {
        for (let i = 0; i < listeners.length; i++) guarded(listeners[i]!)(e.data as TabMessage);
      });
  } catch {
    channel = undefined;
  }
  const post = (msg: TabMessage) => {
    try {
      channel?.postMessage(msg);
    } catch {
      /* channel closed */
    }
  };
  listeners.push((m) => m.t === 'want' && holding.get(m.name)?.wanted());

  /**
   * One Web Locks request. A rejection before the callback ran is the API refusing (SecurityError
   * in opaque or partitioned contexts, a missing method): from then on this tab serialises alone.
   * `undefined` when that happened; fn's own errors pass through.
   */
  async function request<T>(full: string, options: LockOptions, cb: (lock: Lock | null) => Promise<T> | T): Promise<{ v: T } | undefined> {
    if (!locks) return undefined;
    let ran = false;
    try {
      return { v: (await locks.request(full, bare(options), (lock) => ((ran = true), cb(lock)))) as T };
    } catch (e) {
      if (ran || (e as DOMException)?.name === 'AbortError') throw e;
      locks = undefined;
      return undefined;
    }
  }

  return {
    async withLock(name, wait, fn) {
      const full = `${prefix}:${name}`;
      const viaLocks = await request(full, wait ? { signal: abort.signal } : { ifAvailable: true }, (lock) => (lock ? (fn() as Promise<unknown>) : BUSY));
      if (viaLocks) return viaLocks.v as Awaited<ReturnType<typeof fn>> | typeof BUSY;
      // This tab only: a promise chain per name.
      if (!wait && local.has(full)) return BUSY;
      const prev = local.get(full) ?? Promise.resolve();
      const run = prev.then(fn, fn);
      const tail = run.then(
        () => {},
        () => {},
      );
      local.set(full, tail);
      tail.then(() => local.get(full) === tail && local.delete(full)).then(undefined, () => {});
      return run;
    },
    async hold(name, wait, wanted) {
      const full = `${prefix}:${name}`;
      if (!locks) return 'none';
      if (wait) post({ t: 'want', name: full });
      let granted!: (r: (() => void) | 'busy') => void;
      const result = new Promise<(() => void) | 'busy'>((r) => (granted = r));
      // The lock is held until the callback's promise settles: that is what release() does.
      const requested = request(full, wait ? { signal: abort.signal } : { ifAvailable: true }, (lock) => {
        if (!lock) return granted('busy');
        return new Promise<void>((release) => {
          const h = { wanted, release: () => (holding.get(full) === h && holding.delete(full), release()) };
          holding.set(full, h);
          granted(h.release);
        });
      });
      const denied = await firstSettled([result.then(() => false), requested.then((r) => r === undefined)]);
      return denied ? 'none' : result;
    },
    whenFree(name, cb) {
      const full = `${prefix}:${name}`;
      if (!locks || watching.has(full)) return;
      watching.add(full);
      // Only a hint: whatever the callback did wrong, it never becomes an unhandled rejection.
      void request(full, { signal: abort.signal }, async () => {
        watching.delete(full);
        cb();
      }).then(undefined, () => {});
    },
    async probe() {
      await request(`${prefix}:probe`, { ifAvailable: true }, () => {}).then(undefined, () => {});
    },
    mode: () => (locks ? 'web-locks' : 'tab-only'),
    post,
    onMessage(cb) {
      listeners.push(cb);
    },
    close() {
      abort.abort();
      for (const h of [...holding.values()]) h.release();
      channel?.close();
      listeners.length = 0;
    },
  };
}
