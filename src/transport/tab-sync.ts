/**
 * Coordination between tabs of one site: Web Locks make one request in flight per document
 * across all tabs; BroadcastChannel only says "something changed". Where either API is missing
 * (Web Locks needs a secure context), it degrades to this tab alone.
 */
export const BUSY = Symbol('busy');

export type TabMessage =
  | { t: 'changed'; key: string; rev: number }
  | { t: 'pause'; until: number }
  /** A tab started (`sending: true`) or finished a request for this document. */
  | { t: 'sending'; key: string; sending: boolean };

export interface TabSync {
  /** Runs `fn` holding the named lock. Without `wait`, returns BUSY at once if another holder has it. */
  withLock<T>(name: string, wait: boolean, fn: () => Promise<T>): Promise<T | typeof BUSY>;
  /** Calls `cb` once the named lock is free again (the holder finished, or its tab closed). */
  whenFree(name: string, cb: () => void): void;
  post(msg: TabMessage): void;
  onMessage(cb: (msg: TabMessage) => void): void;
  close(): void;
}

export interface TabSyncDeps {
  locks?: LockManager | undefined;
  Channel?: typeof BroadcastChannel | undefined;
}

export function createTabSync(prefix: string, deps: TabSyncDeps = {}): TabSync {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const locks = 'locks' in deps ? deps.locks : nav?.locks;
  const Channel = 'Channel' in deps ? deps.Channel : typeof BroadcastChannel === 'undefined' ? undefined : BroadcastChannel;
  const abort = new AbortController();
  const local = new Map<string, Promise<unknown>>();
  const watching = new Set<string>();
  const listeners: ((m: TabMessage) => void)[] = [];
  let channel: BroadcastChannel | undefined;
  try {
    channel = Channel ? new Channel(prefix) : undefined;
    if (channel) channel.onmessage = (e: MessageEvent) => listeners.forEach((l) => l(e.data as TabMessage));
  } catch {
    channel = undefined;
  }
  const ignoreAbort = (e: unknown) => {
    if ((e as DOMException)?.name !== 'AbortError') throw e;
  };

  return {
    async withLock(name, wait, fn) {
      const full = `${prefix}:${name}`;
      if (!locks) {
        // This tab only: a promise chain per name.
        if (!wait && local.has(full)) return BUSY;
        const prev = local.get(full) ?? Promise.resolve();
        const run = prev.then(fn, fn);
        const tail = run.then(
          () => {},
          () => {},
        );
        local.set(full, tail);
        void tail.then(() => local.get(full) === tail && local.delete(full));
        return run;
      }
      const options: LockOptions = wait ? { signal: abort.signal } : { ifAvailable: true };
      return locks.request(full, options, (lock) => (lock ? fn() : BUSY)) as Promise<Awaited<ReturnType<typeof fn>> | typeof BUSY>;
    },
    whenFree(name, cb) {
      const full = `${prefix}:${name}`;
      if (!locks || watching.has(full)) return;
      watching.add(full);
      locks
        .request(full, { signal: abort.signal }, async () => {
          watching.delete(full);
          cb();
        })
        .catch(ignoreAbort);
    },
    post(msg) {
      try {
        channel?.postMessage(msg);
      } catch {
        /* channel closed */
      }
    },
    onMessage(cb) {
      listeners.push(cb);
    },
    close() {
      abort.abort();
      channel?.close();
      listeners.length = 0;
    },
  };
}
