/**
 * Data stored before storage was partitioned by project (core/storage-names.ts `LEGACY_NAMES`)
 * moves, once, into the partition of the first logger that starts on the device: a site had one
 * project then, and its undelivered messages, conversations and contact-form submissions must
 * not be lost. Under a Web Lock (one tab of the site at a time; where locks are refused, as it
 * is), copy first and delete after: a crash in between only means the next start copies again, and
 * a record already in the partition is kept unless the old copy has a newer revision.
 */
import { LEGACY_NAMES as OLD, type StorageNames } from '../core/storage-names.ts';
import { guarded } from '../core/guarded.ts';
import { openValue } from './outbox-store.ts';
import { abortOn, openExisting } from './open-existing.ts';

const done = (t: IDBTransaction | IDBRequest) =>
  new Promise<void>((resolve, reject) => {
    (t as IDBTransaction).oncomplete = (t as IDBRequest).onsuccess = guarded(() => resolve());
    // A transaction the browser aborts (quota at commit) fires only `abort`: the move must end, and release its lock.
    t.onerror = (t as IDBTransaction).onabort = guarded(() => reject(t.error ?? new Error('IndexedDB transaction aborted')), reject);
  });

/** Copies every store of database `from` into `to` (creating what is missing), then deletes `from`. Nothing when `from` does not exist. */
async function move(idb: IDBFactory, from: string, to: string): Promise<void> {
  const old = await openExisting(idb, from);
  if (!old) return;
  let names: string[] = [];
  const data = new Map<string, [IDBValidKey[], unknown[]]>();
  try {
    names = [...old.objectStoreNames];
    if (names.length) {
      const t = old.transaction(names, 'readonly');
      const reads = names.map((n) => [t.objectStore(n).getAllKeys(), t.objectStore(n).getAll()] as const);
      await done(t);
      names.forEach((n, i) => data.set(n, [reads[i]![0].result, reads[i]![1].result]));
    }
  } finally {
    old.close();
  }
  const open = idb.open(to);
  await new Promise<void>((resolve, reject) => {
    open.onupgradeneeded = guarded(() => names.forEach((n) => open.result.objectStoreNames.contains(n) || open.result.createObjectStore(n)), abortOn(() => open.transaction, reject));
    done(open).then(resolve, reject);
  });
  const db = open.result;
  try {
    const mine = names.filter((n) => db.objectStoreNames.contains(n));
    if (mine.length) {
      const t = db.transaction([...db.objectStoreNames], 'readwrite');
      await new Promise<void>((resolve, reject) => {
        const fail = abortOn(() => t, reject);
        for (const n of mine) {
          const [keys, values] = data.get(n)!;
          keys.forEach((k, i) => {
            const v = values[i];
            const cur = t.objectStore(n).get(k);
            cur.onsuccess = guarded(() => {
              // Kept unless the old copy is a newer revision of the same record.
              if (cur.result === undefined || (cur.result as { rev: number }).rev < (v as { rev: number })?.rev) t.objectStore(n).put(v, k);
              // An old record still to deliver joins the open set (a version-1 database had none).
              if (n === 'outbox' && openValue(v) && db.objectStoreNames.contains('pending')) t.objectStore('pending').put(1, k);
            }, fail);
          });
        }
        done(t).then(resolve, reject);
      });
    }
  } finally {
    db.close();
  }
  idb.deleteDatabase(from);
}

/**
 * Moves the old Web Storage keys under the partition's names, synchronously: the widget calls it
 * before it reads which conversation to show. (An unanswered question's stored wait is not moved:
 * without it the question is only asked again sooner.) Getters may throw where storage is blocked.
 */
export function migrateLegacyKeys(to: StorageNames, areas: (() => Storage | undefined)[]): void {
  for (const area of areas) {
    try {
      const a = area();
      for (const [from, into] of a ? ([[OLD.conversation, to.conversation], [OLD.hidden, to.hidden], [OLD.ticketsPending, to.ticketsPending]] as const) : []) {
        const v = a!.getItem(from);
        if (v === null) continue;
        if (a!.getItem(into) === null) a!.setItem(into, v);
        a!.removeItem(from);
      }
    } catch {
      /* blocked: nothing of ours can be there either */
    }
  }
}

export interface LegacyDeps {
  /** undefined where IndexedDB is missing, blocked, or the outbox runs in memory. */
  idb: IDBFactory | undefined;
  locks: LockManager | undefined;
  /** Web Storage getters: they may throw where storage is blocked. */
  local: () => Storage | undefined;
  session: () => Storage | undefined;
}

/** Migrates what the unpartitioned names hold into `to`. Never rejects: what fails is tried again at the next start. */
export async function migrateLegacy(d: LegacyDeps, to: StorageNames): Promise<void> {
  const work = async () => {
    migrateLegacyKeys(to, [d.local, d.session]);
    if (d.idb) for (const [from, into] of [[OLD.db, to.db], [OLD.tickets, to.tickets]]) await move(d.idb, from!, into!);
  };
  let ran = false;
  try {
    // The lock guards the databases' copy-then-delete; Web Storage keys alone move in one synchronous step
    // (and a frame whose locks are refused must not pay a refused request for nothing).
    await (d.locks && d.idb ? d.locks.request(`${OLD.db}:migrate`, () => ((ran = true), work())) : work());
  } catch {
    // Locks refused before it ran (SecurityError, a page's broken polyfill): alone, then.
    if (!ran) await work().then(undefined, () => {});
  }
}
