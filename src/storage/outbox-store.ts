/**
 * The contract of where the outbox lives, owned by storage (idb-keyval's `UseStore`, Sentry's
 * `OfflineStore`): IndexedDB and memory implement it and behave alike. Besides the records, a store
 * keeps the set of open records (those needing a request or a decision, `isOpen` in
 * core/outbox-record.ts) in the same transactions, so delivery reads those and never the whole outbox.
 */
import { isOpen, type OutboxRecord } from '../core/outbox-record.ts';

/** Gets the current stored value and returns the new one; undefined deletes the key. */
export type Updater = (old: unknown) => unknown;

/** The updaters of one key in one transaction. `base`: the current value, known to the caller (it owns the key), so it is not read. */
export interface KeyWrite {
  fns: Updater[];
  base?: { value: unknown };
}

export interface OutboxStore {
  readonly kind: 'indexeddb' | 'memory';
  get(key: string): Promise<unknown>;
  /** Every stored record, one at a time (a cursor: a caller keeping less than the whole record frees the rest as it goes). */
  each(fn: (key: string, value: unknown) => void): Promise<void>;
  /** Keys of the open records, from the set kept beside them. */
  openKeys(): Promise<string[]>;
  /** All updaters run in one transaction, each key's in order: either every write lands or none does. */
  transact(updates: Map<string, KeyWrite>): Promise<void>;
  /** Moves a record out of the outbox into quarantine, in one transaction. */
  quarantine(key: string, raw: unknown, reason: string): Promise<void>;
  close(): void;
}

/** Whether a stored value belongs in the open set: unreadable values do, so they get read (and quarantined). */
export const openValue = (v: unknown): boolean =>
  v !== undefined && (typeof (v as OutboxRecord)?.state !== 'string' || isOpen(v as OutboxRecord));

/** Runs a key's updaters from `value`: the final value. */
export const applyAll = (fns: readonly Updater[], value: unknown): unknown => fns.reduce((v, fn) => fn(v), value);
