/**
 * The contract of where the outbox lives, owned by storage (idb-keyval's `UseStore`, Sentry's
 * `OfflineStore`): IndexedDB and memory implement it and behave alike.
 */

/** Gets the current stored value and returns the new one; undefined deletes the key. */
export type Updater = (old: unknown) => unknown;

export interface OutboxStore {
  readonly kind: 'indexeddb' | 'memory';
  get(key: string): Promise<unknown>;
  entries(): Promise<[string, unknown][]>;
  /** All updaters run in one transaction, each key's in order: either every write lands or none does. */
  transact(updates: Map<string, Updater[]>): Promise<void>;
  /** Moves a record out of the outbox into quarantine, in one transaction. */
  quarantine(key: string, raw: unknown, reason: string): Promise<void>;
  close(): void;
}
