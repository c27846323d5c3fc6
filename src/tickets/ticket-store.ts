/**
 * Contact-form submissions, durable in their own IndexedDB database (idb-keyval `createStore`),
 * one record per submission keyed by its id. Where IndexedDB is unavailable (private modes,
 * sandboxed frames) they are kept in memory: sent while the page lives, lost with it.
 */
import { createStore, del, entries, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
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

/** The database's store, or undefined when IndexedDB refuses to open at all. */
function idbStore(name: string, idb: IDBFactory | undefined): UseStore | undefined {
  try {
    return idb ? createStore(name, STORE) : undefined;
  } catch {
    return undefined;
  }
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
  const guard = <T>(op: () => Promise<T>, fallback: () => Promise<T>): Promise<T> =>
    failed
      ? fallback()
      : op().catch(() => {
          failed = true;
          return fallback();
        });
  return {
    get kind() {
      return failed ? ('memory' as const) : ('indexeddb' as const);
    },
    all: () => guard(async () => (await entries(db)).map(([, v]) => v).filter(isSubmission), memory.all),
    get: (id) => guard(async () => {
      const v: unknown = await get(id, db);
      return isSubmission(v) ? v : undefined;
    }, () => memory.get(id)),
    put: (s) => guard(() => set(s.id, s, db), () => memory.put(s)),
    update: (id, fn) =>
      guard(
        () =>
          db('readwrite', (os) => {
            let out: TicketSubmission | undefined;
            const req = os.get(id);
            req.onsuccess = () => {
              out = fn(isSubmission(req.result) ? req.result : undefined);
              if (out) os.put(out, id);
              else os.delete(id);
            };
            return promisifyRequest(os.transaction).then(() => out);
          }),
        () => memory.update(id, fn),
      ),
    remove: (id) => guard(() => del(id, db), () => memory.remove(id)),
  };
}
