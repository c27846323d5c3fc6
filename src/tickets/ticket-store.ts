/**
 * Contact-form submissions, durable in their own IndexedDB database (an idb-keyval `UseStore`),
 * one record per submission keyed by its id. Where IndexedDB is unavailable (private modes,
 * sandboxed frames) they are kept in memory: sent while the page lives, lost with it.
 */
import { del, entries, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import { guarded } from '../core/guarded.ts';
import { pageIndexedDB } from '../storage/page-storage.ts';
import { isSubmission, type TicketSubmission } from '../widget-core/ticket-submission.ts';

export interface TicketStore {
  readonly kind: 'indexeddb' | 'memory';
  all(): Promise<TicketSubmission[]>;
  get(id: string): Promise<TicketSubmission | undefined>;
  put(s: TicketSubmission): Promise<void>;
  /** Read-modify-write in one transaction (tabs writing at once serialize); `fn` gets undefined when absent. */
  update(id: string, fn: (s: TicketSubmission | undefined) => TicketSubmission | undefined): Promise<TicketSubmission | undefined>;
  remove(id: string): Promise<void>;
}

const STORE = 'submissions';

/**
 * The database's store, or undefined when IndexedDB refuses to open at all. idb-keyval's
 * `createStore`, but on the factory given, and its upgrade handler guarded: an error there (a
 * page's broken `createObjectStore`) fails the open, and the store runs in memory, instead of
 * reaching the page's `window.onerror`.
 */
function idbStore(name: string, idb: IDBFactory | undefined): UseStore | undefined {
  if (!idb) return undefined;
  let dbp: Promise<IDBDatabase>;
  try {
    const req = idb.open(name);
    req.onupgradeneeded = guarded(
      () => req.result.createObjectStore(STORE),
      () => {
        try {
          req.transaction?.abort();
        } catch {
          /* already over: the open fails anyway */
        }
      },
    );
    dbp = promisifyRequest(req);
    // Handled where it is used (the store falls back to memory); never an unhandled rejection for the page.
    dbp.then(undefined, () => {});
  } catch {
    return undefined;
  }
  return (mode, callback) => dbp.then((db) => callback(db.transaction(STORE, mode).objectStore(STORE)));
}

function memoryStore(): TicketStore {
  const m = new Map<string, TicketSubmission>();
  return {
    kind: 'memory',
    all: async () => [...m.values()],
    get: async (id) => m.get(id),
    put: async (s) => void m.set(s.id, s),
    async update(id, fn) {
      const next = fn(m.get(id));
      if (next) m.set(id, next);
      else m.delete(id);
      return next;
    },
    remove: async (id) => void m.delete(id),
  };
}

/** `name`: the project's database (core/storage-names.ts `tickets`). */
export function openTicketStore(name: string, idb: IDBFactory | undefined = pageIndexedDB()): TicketStore {
  const db = idbStore(name, idb);
  if (!db) return memoryStore();
  const memory = memoryStore();
  let failed = false;
  // A database that opened but then fails (blocked, deleted under us) gives way to memory for the page.
  const orMemory = <T>(op: () => Promise<T>, fallback: () => Promise<T>): Promise<T> =>
    failed
      ? fallback()
      : op().then(undefined, () => {
          failed = true;
          return fallback();
        });
  return {
    get kind() {
      return failed ? ('memory' as const) : ('indexeddb' as const);
    },
    all: () => orMemory(async () => (await entries(db)).map(([, v]) => v).filter(isSubmission), memory.all),
    get: (id) => orMemory(async () => {
      const v: unknown = await get(id, db);
      return isSubmission(v) ? v : undefined;
    }, () => memory.get(id)),
    put: (s) => orMemory(() => set(s.id, s, db), () => memory.put(s)),
    update: (id, fn) =>
      orMemory(
        () =>
          db('readwrite', (os) => {
            let out: TicketSubmission | undefined;
            const req = os.get(id);
            // An error here aborts the transaction (as an uncaught one would) and the update fails, never the page.
            req.onsuccess = guarded(
              () => {
                out = fn(isSubmission(req.result) ? req.result : undefined);
                if (out) os.put(out, id);
                else os.delete(id);
              },
              () => {
                try {
                  os.transaction.abort();
                } catch {
                  /* already over */
                }
              },
            );
            return promisifyRequest(os.transaction).then(() => out);
          }),
        () => memory.update(id, fn),
      ),
    remove: (id) => orMemory(() => del(id, db), () => memory.remove(id)),
  };
}
