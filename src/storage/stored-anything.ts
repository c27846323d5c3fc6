/**
 * Whether delivery has anything to look at when a page starts: a record in this project's outbox
 * (to send, or delivered and kept for the history and retention), or a database from before
 * partitioning waiting to move in. The script tag fetches its delivery code at start only then
 * (logger/start-when-needed.ts); a visitor who never wrote anything gets no database either. When
 * it cannot tell (no IndexedDB, blocked, an error, no answer within `timeoutMs`) it says yes: the
 * full start decides, as it always did.
 */
import { promisifyRequest } from 'idb-keyval';
import { LEGACY_NAMES, type StorageNames } from '../core/storage-names.ts';
import { firstSettled } from '../core/first-settled.ts';
import { openExisting } from './open-existing.ts';

/** The database exists and (when `store` is named) that store holds a record; a database without the store is not ours to judge. */
async function holds(idb: IDBFactory, name: string, store?: string): Promise<boolean> {
  const db = await openExisting(idb, name);
  if (!db) return false;
  try {
    if (!store || !db.objectStoreNames.contains(store)) return true;
    return (await promisifyRequest(db.transaction(store, 'readonly').objectStore(store).count())) > 0;
  } finally {
    db.close();
  }
}

export async function somethingStored(idb: () => IDBFactory | undefined, names: StorageNames, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const f = idb();
    if (!f) return true;
    const look = async () => (await holds(f, names.db, 'outbox')) || (await holds(f, LEGACY_NAMES.db)) || holds(f, LEGACY_NAMES.tickets);
    return await firstSettled([look(), new Promise<boolean>((r) => (timer = setTimeout(r, timeoutMs, true)))]);
  } catch {
    return true;
  } finally {
    clearTimeout(timer);
  }
}
