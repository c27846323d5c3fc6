/**
 * Opens a database only if it exists: `indexedDB.open()` would create a missing one, so its
 * creation is aborted, which leaves nothing behind (no empty database for a visitor who never
 * wrote anything). Resolves undefined when there is none.
 */
import { guarded } from '../core/guarded.ts';

/** Handlers here report to the caller's promise (and abort what they run in), never to the page's `window.onerror`. */
export const abortOn = (t: () => IDBTransaction | null, reject: (e: unknown) => void) => (e: unknown) => {
  try {
    t()?.abort();
  } catch {
    /* already finished */
  }
  reject(e);
};

export const openExisting = (idb: IDBFactory, name: string): Promise<IDBDatabase | undefined> =>
  new Promise((resolve, reject) => {
    const req = idb.open(name);
    req.onupgradeneeded = guarded((e: IDBVersionChangeEvent) => e.oldVersion || req.transaction!.abort(), abortOn(() => req.transaction, reject));
    req.onerror = guarded((e: Event) => (e.preventDefault(), req.error?.name === 'AbortError' ? resolve(undefined) : reject(req.error)), reject);
    req.onsuccess = guarded(() => resolve(req.result), reject);
  });
