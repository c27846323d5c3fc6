/**
 * The outbox in IndexedDB: one database, versioned by name and schema version, with the outbox,
 * its open set (`pending`: the keys of records needing a request or a decision, written in the same
 * transactions as the records) and a quarantine store. idb-keyval's helper runs on our own opener
 * because idb-keyval's `createStore` makes one object store per database and never reopens a lost
 * connection.
 */
import { promisifyRequest } from 'idb-keyval';
import { guarded } from '../core/guarded.ts';
import { firstSettled } from '../core/first-settled.ts';
import { createMemoryStore } from './memory-store.ts';
import { applyAll, openValue, type KeyWrite, type OutboxStore } from './outbox-store.ts';

/** Version 1: outbox and quarantine. Version 2: the open set, filled from the outbox on upgrade. */
export const DB_VERSION = 2;
const OUTBOX = 'outbox';
const QUARANTINE = 'quarantine';
const PENDING = 'pending';
const STORES = [OUTBOX, QUARANTINE, PENDING];

class MissingStores extends Error {}

/**
 * Handlers inside one transaction: an error thrown in one aborts the transaction (as an uncaught
 * one would) and rejects `done()` with it, instead of reaching the page's `window.onerror`.
 */
function scope(t: IDBTransaction) {
  let failure: unknown;
  return {
    /** For `guarded(handler, s.fail)`. */
    fail(e: unknown) {
      failure ??= e;
      try {
        t.abort();
      } catch {
        /* already finished */
      }
    },
    done: (): Promise<void> => promisifyRequest(t).then(() => undefined, (e: unknown) => Promise.reject(failure ?? e ?? new Error('IndexedDB transaction aborted'))),
  };
}

function openDb(idb: IDBFactory, name: string, version: number | undefined): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    // Without a version: a newer widget upgraded the database; open it as it is.
    const req = version === undefined ? idb.open(name) : idb.open(name, version);
    // An error in a handler rejects the open (and aborts the upgrade) instead of reaching the page.
    const fail = (e: unknown) => {
      try {
        req.transaction?.abort();
      } catch {
        /* no upgrade running */
      }
      reject(e);
    };
    req.onupgradeneeded = guarded((e: IDBVersionChangeEvent) => {
      const db = req.result;
      for (const name of STORES) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
      if (e.oldVersion >= 1 && e.oldVersion < 2) {
        // Version 1 data stays where it is; its open records join the open set.
        const t = req.transaction!;
        const pending = t.objectStore(PENDING);
        const cursor = t.objectStore(OUTBOX).openCursor();
        cursor.onsuccess = guarded(() => {
          const c = cursor.result;
          if (!c) return;
          if (openValue(c.value)) pending.put(1, c.key);
          c.continue();
        }, fail);
      }
    }, fail);
    req.onsuccess = guarded(() => {
      const db = req.result;
      if (STORES.every((s) => db.objectStoreNames.contains(s))) return resolve(db);
      db.close();
      reject(new MissingStores(`IndexedDB ${name} version ${db.version} lacks the outbox stores`));
    }, reject);
    req.onerror = guarded(() => reject(req.error ?? new Error('IndexedDB open failed')), reject);
  });
}

export interface IdbStoreOptions {
  /** The database (core/storage-names.ts: the project's partition). */
  name: string;
  timeoutMs: number;
  /** The database was taken over by a version without our stores: the store now runs in memory. */
  lost?: (reason: string) => void;
}

/**
 * Opens and probes the database (a read transaction) within `timeoutMs`. Rejects when IndexedDB
 * is missing, throws (some private modes), is blocked or hangs (seen in Safari), so the caller
 * can run in memory instead. A database upgraded by a newer widget is used at its version when our
 * stores are there; another tab's upgrade closes this connection (never blocking it) and the next
 * operation reopens.
 */
export async function openIdbStore(o: IdbStoreOptions, idb: IDBFactory | undefined): Promise<OutboxStore> {
  if (!idb) throw new Error('IndexedDB is not available');
  let dbp: Promise<IDBDatabase> | null = null;
  let closed = false;
  let newer = false;
  let probed = false;
  let memory: OutboxStore | undefined;
  const getDb = (): Promise<IDBDatabase> =>
    (dbp ??= (newer ? openDb(idb, o.name, undefined) : openDb(idb, o.name, DB_VERSION).then(undefined, (e: unknown) => {
      if ((e as DOMException)?.name !== 'VersionError') throw e;
      newer = true;
      return openDb(idb, o.name, undefined);
    })).then((db) => {
      // The browser may drop the connection (storage cleared, disk trouble): reopen lazily.
      db.onclose = guarded(() => void (dbp = null));
      db.onversionchange = guarded(() => {
        dbp = null;
        db.close();
      });
      return db;
    }).then(undefined, (e: unknown) => {
      // A failed (re)open must not stick: the next operation tries again.
      dbp = null;
      throw e;
    }));

  async function tx<T>(names: string[], mode: IDBTransactionMode, fn: (t: IDBTransaction) => Promise<T>): Promise<T> {
    if (closed) throw new Error('The outbox was closed');
    for (let attempt = 0; ; attempt++) {
      let db: IDBDatabase;
      try {
        db = await getDb();
      } catch (e) {
        if (!(e instanceof MissingStores) || !probed) throw e;
        // A newer widget replaced our stores: keep working, in memory, and say so.
        memory ??= (o.lost?.(e.message), createMemoryStore());
        throw e;
      }
      let t: IDBTransaction;
      try {
        t = db.transaction(names, mode);
      } catch (e) {
        // InvalidStateError: the connection closed under us (a version change). Reopen once.
        if (attempt === 0 && (e as DOMException).name === 'InvalidStateError') {
          dbp = null;
          continue;
        }
        throw e;
      }
      return fn(t);
    }
  }
  /** Runs on IndexedDB, or on memory once the database was lost to a version without our stores. */
  const run = <T>(onIdb: () => Promise<T>, onMemory: (m: OutboxStore) => Promise<T>): Promise<T> =>
    memory ? onMemory(memory) : onIdb().then(undefined, (e: unknown) => (memory && e instanceof MissingStores ? onMemory(memory) : Promise.reject(e)));

  let timer: ReturnType<typeof setTimeout> | undefined;
  const probe = firstSettled<number>([
    tx([OUTBOX], 'readonly', (t) => promisifyRequest(t.objectStore(OUTBOX).count())),
    new Promise<never>((_, reject) => (timer = setTimeout(guarded(() => reject(new Error(`IndexedDB did not open within ${o.timeoutMs} ms`)), reject), o.timeoutMs))),
  ]);
  try {
    await probe;
    probed = true;
  } catch (e) {
    closed = true;
    // A hanging open may still succeed later: close it then, so it cannot block anyone.
    void (dbp as Promise<IDBDatabase> | null)?.then((db) => db.close(), () => {});
    throw e;
  } finally {
    clearTimeout(timer);
  }

  return {
    get kind() {
      return memory ? 'memory' : 'indexeddb';
    },
    get: (key) => run(() => tx([OUTBOX], 'readonly', (t) => promisifyRequest(t.objectStore(OUTBOX).get(key))), (m) => m.get(key)),
    each: (fn) =>
      run(
        () =>
          tx([OUTBOX], 'readonly', (t) => {
            const s = scope(t);
            const req = t.objectStore(OUTBOX).openCursor();
            req.onsuccess = guarded(() => {
              const c = req.result;
              if (!c) return;
              fn(c.key as string, c.value);
              c.continue();
            }, s.fail);
            return s.done();
          }),
        (m) => m.each(fn),
      ),
    openKeys: () => run(() => tx([PENDING], 'readonly', (t) => promisifyRequest(t.objectStore(PENDING).getAllKeys()) as Promise<string[]>), (m) => m.openKeys()),
    transact: (updates) => run(() => write(updates), (m) => m.transact(updates)),
    quarantine: (key, raw, reason) =>
      run(
        () =>
          tx([OUTBOX, QUARANTINE, PENDING], 'readwrite', (t) => {
            const s = scope(t);
            const q = t.objectStore(QUARANTINE);
            // An earlier quarantined copy under the same key is kept inside the new entry, never overwritten.
            const prev = q.get(key);
            prev.onsuccess = guarded(() => q.put({ raw, reason, at: Date.now(), ...(prev.result ? { previous: prev.result } : {}) }, key), s.fail);
            t.objectStore(OUTBOX).delete(key);
            t.objectStore(PENDING).delete(key);
            return s.done();
          }),
        (m) => m.quarantine(key, raw, reason),
      ),
    close() {
      closed = true;
      void dbp?.then((db) => db.close(), () => {});
      dbp = null;
    },
  };

  /**
   * One readwrite transaction. Keys whose current value the caller knows are written without a
   * read, and the open set is touched only where a record enters or leaves it; such a batch
   * does not even include the open set in its scope (measured: a wider scope costs ~5% of a put).
   */
  function write(updates: Map<string, KeyWrite>): Promise<void> {
    const known = new Map<string, { value: unknown; moved: boolean }>();
    let read = false;
    for (const [key, w] of updates) {
      if (!w.base) {
        read = true;
        continue;
      }
      const value = applyAll(w.fns, w.base.value);
      known.set(key, { value, moved: openValue(value) !== openValue(w.base.value) });
    }
    const stores = read || [...known.values()].some((k) => k.moved) ? [OUTBOX, PENDING] : [OUTBOX];
    return tx(stores, 'readwrite', (t) => {
      const s = scope(t);
      const os = t.objectStore(OUTBOX);
      const pending = stores.length > 1 ? t.objectStore(PENDING) : undefined;
      const put = (key: string, value: unknown, syncOpen: boolean) => {
        if (value === undefined) os.delete(key);
        else os.put(value, key);
        if (!syncOpen || !pending) return;
        if (openValue(value)) pending.put(1, key);
        else pending.delete(key);
      };
      for (const [key, k] of known) put(key, k.value, k.moved);
      for (const [key, w] of updates) {
        if (w.base) continue;
        const req = os.get(key);
        // Read-modify-write: the open set follows the record whatever it was (this also repairs it).
        req.onsuccess = guarded(() => put(key, applyAll(w.fns, req.result), true), s.fail);
      }
      return s.done();
    });
  }
}
