/**
 * The outbox in memory, for when IndexedDB is missing, broken, hanging or gone. Same contract as
 * the IndexedDB store; values are cloned on the way in and out, as IndexedDB would.
 */
import { fromJson, toJson } from '../core/json.ts';
import { applyAll, openValue, type OutboxStore } from './outbox-store.ts';

export function createMemoryStore(): OutboxStore {
  const data = new Map<string, unknown>();
  const quarantine = new Map<string, unknown>();
  // Records are JSON data: JSON copies them without structuredClone (missing in older browsers, replaceable by the page).
  const clone = <T>(v: T): T => (v === undefined ? v : (fromJson(toJson(v)) as T));
  return {
    kind: 'memory',
    get: async (key) => clone(data.get(key)),
    async each(fn) {
      for (const [k, v] of [...data]) fn(k, clone(v));
    },
    openKeys: async () => [...data].filter(([, v]) => openValue(v)).map(([k]) => k),
    async transact(updates) {
      // All or nothing, like one IndexedDB transaction.
      const next = new Map<string, unknown>();
      for (const [key, w] of updates) next.set(key, clone(applyAll(w.fns, w.base ? w.base.value : clone(data.get(key)))));
      for (const [key, value] of next) {
        if (value === undefined) data.delete(key);
        else data.set(key, value);
      }
    },
    async quarantine(key, raw, reason) {
      const previous = quarantine.get(key);
      quarantine.set(key, { raw: clone(raw), reason, at: Date.now(), ...(previous ? { previous } : {}) });
      data.delete(key);
    },
    close() {},
  };
}
