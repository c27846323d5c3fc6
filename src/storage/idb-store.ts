/**
 * The outbox in IndexedDB: one database, versioned by name and schema version, with the outbox
 * and a quarantine store. idb-keyval's helpers run on our own opener because idb-keyval's
 * `createStore` makes one object store per database and never reopens a lost connection.
 */
import { entries as idbEntries, get as idbGet, promisifyRequest, type UseStore } from 'idb-keyval';
import type { OutboxStore, Updater } from './outbox-store.ts';

import { DB_NAME } from '../core/storage-names.ts';

const OUTBOX = 'outbox';
const QUARANTINE = 'quarantine';

function openDb(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      for (const name of [OUTBOX, QUARANTINE]) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

/**
 * Opens and probes the database (a read transaction) within `timeoutMs`. Rejects when IndexedDB
 * is missing, throws (some private modes), is blocked or hangs (seen in Safari), so the caller
 * can run in memory instead.
 */
export async function openIdbStore(timeoutMs: number, idb: IDBFactory | undefined): Promise<OutboxStore> {
  if (!idb) throw new Error('IndexedDB is not available');
  let dbp: Promise<IDBDatabase> | null = null;
  let closed = false;
  const getDb = (): Promise<IDBDatabase> =>
    (dbp ??= openDb(idb).then((db) => {
      // The browser may drop the connection (storage cleared, disk trouble): reopen lazily.
      db.onclose = () => void (dbp = null);
      db.onversionchange = () => {
        db.close();
        dbp = null;
      };
      return db;
    }).catch((e: unknown) => {
      // A failed (re)open must not stick: the next operation tries again.
      dbp = null;
      throw e;
    }));

  async function tx<T>(names: string[], mode: IDBTransactionMode, fn: (t: IDBTransaction) => Promise<T>): Promise<T> {
    if (closed) throw new Error('The outbox was closed');
    for (let attempt = 0; ; attempt++) {
      const db = await getDb();
      let t: IDBTransaction;
      try {
        t = db.transaction(names, mode);
      } catch (e) {
        // InvalidStateError: the connection closed under us. Reopen once.
        if (attempt === 0 && (e as DOMException).name === 'InvalidStateError') {
          dbp = null;
          continue;
        }
        throw e;
      }
      return fn(t);
    }
  }
  const use =
    (name: string): UseStore =>
    (mode, cb) =>
      tx([name], mode, async (t) => cb(t.objectStore(name)));

  let timer: ReturnType<typeof setTimeout> | undefined;
  const probe = Promise.race([
    tx([OUTBOX], 'readonly', (t) => promisifyRequest(t.objectStore(OUTBOX).count())),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`IndexedDB did not open within ${timeoutMs} ms`)), timeoutMs))),
  ]);
  try {
    await probe;
    clearTimeout(timer);
  } catch (e) {
    clearTimeout(timer);
    closed = true;
    // A hanging open may still succeed later: close it then, so it cannot block anyone.
    void (dbp as Promise<IDBDatabase> | null)?.then((db) => db.close(), () => {});
    throw e;
  }

  const outbox = use(OUTBOX);
  return {
    kind: 'indexeddb',
    get: (key) => idbGet(key, outbox),
    entries: () => idbEntries<string, unknown>(outbox),
    transact: (updates) =>
      tx([OUTBOX], 'readwrite', (t) => {
        const os = t.objectStore(OUTBOX);
        for (const [key, fns] of updates) applyUpdaters(os, key, fns);
        return promisifyRequest(t);
      }),
    quarantine: (key, raw, reason) =>
      tx([OUTBOX, QUARANTINE], 'readwrite', (t) => {
        const q = t.objectStore(QUARANTINE);
        // An earlier quarantined copy under the same key is kept inside the new entry, never overwritten.
        const prev = q.get(key);
        prev.onsuccess = () => q.put({ raw, reason, at: Date.now(), ...(prev.result ? { previous: prev.result } : {}) }, key);
        t.objectStore(OUTBOX).delete(key);
        return promisifyRequest(t);
      }),
    close() {
      closed = true;
      void dbp?.then((db) => db.close(), () => {});
      dbp = null;
    },
  };
}

function applyUpdaters(os: IDBObjectStore, key: string, fns: Updater[]): void {
  const req = os.get(key);
  req.onsuccess = () => {
    let value: unknown = req.result;
    for (const fn of fns) value = fn(value);
    if (value === undefined) os.delete(key);
    else os.put(value, key);
  };
}
