/**
 * Group commit: every write asked for while a transaction runs (or in the same task) goes into
 * the next single transaction. One append alone costs one transaction; a burst of 10,000 costs a
 * handful (IndexedDB measured here: ~0.63 ms per one-record transaction, ~0.085 ms per record at
 * 100 per transaction). Each write's promise settles when its own transaction has committed.
 */
import type { KeyWrite, OutboxStore } from './outbox-store.ts';

interface Job {
  fn: (old: unknown) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  result?: unknown;
  error?: unknown;
  failed?: boolean;
}

export interface WriteQueueHooks {
  /** The key's current stored value when the caller knows it (it owns the key): the transaction skips the read. */
  base?(key: string): { value: unknown } | undefined;
  /** A transaction committed: the key's value as stored now. Called before any write of the batch resolves. */
  committed?(key: string, value: unknown): void;
}

export interface WriteQueue {
  /** `fn` gets the current stored value and returns the new one (undefined deletes); it may throw to refuse. */
  write<T>(key: string, fn: (old: unknown) => T): Promise<T>;
  /** Settles once every write asked for so far has committed or failed. */
  idle(): Promise<void>;
  /** Whether writes of `key` are queued or running. */
  busy(key: string): boolean;
  readonly store: OutboxStore;
}

export function createWriteQueue(store: OutboxStore, hooks: WriteQueueHooks = {}): WriteQueue {
  let queued = new Map<string, Job[]>();
  let inTx = new Map<string, Job[]>();
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    try {
      await batches();
    } catch (e) {
      // Unforeseen (a hook threw, a built-in the page broke): every write waiting here fails with it, none waits forever.
      for (const m of [inTx, queued]) m.forEach((jobs) => jobs.forEach((job) => job.reject(e)));
      inTx = new Map();
      queued = new Map();
      running = null;
    }
  }

  /** Clears `running` in the same step as it finds the queue empty: a write asked for after that starts a new drain. */
  async function batches(): Promise<void> {
    // Let the current task finish queueing, so a synchronous burst shares one transaction.
    await Promise.resolve();
    while (queued.size > 0) {
      const batch = (inTx = queued);
      queued = new Map();
      const updates = new Map<string, KeyWrite>();
      const finals = new Map<string, unknown>();
      for (const [key, jobs] of batch) {
        const fns = jobs.map((job) => (old: unknown) => {
          try {
            job.result = job.fn(old);
            return job.result;
          } catch (e) {
            job.failed = true;
            job.error = e;
            return old;
          }
        });
        fns.push((v) => (finals.set(key, v), v));
        const base = hooks.base?.(key);
        updates.set(key, base ? { fns, base } : { fns });
      }
      let txError: unknown;
      try {
        await store.transact(updates);
      } catch (e) {
        txError = e;
      }
      if (txError === undefined) for (const [key, v] of finals) hooks.committed?.(key, v);
      inTx = new Map();
      for (const jobs of batch.values()) {
        for (const job of jobs) {
          if (txError !== undefined) job.reject(txError);
          else if (job.failed) job.reject(job.error);
          else job.resolve(job.result);
        }
      }
    }
    running = null;
  }

  return {
    store,
    write<T>(key: string, fn: (old: unknown) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const jobs = queued.get(key) ?? [];
        jobs.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        queued.set(key, jobs);
        running ??= drain();
      });
    },
    async idle() {
      while (running) await running;
    },
    busy: (key) => queued.has(key) || inTx.has(key),
  };
}
