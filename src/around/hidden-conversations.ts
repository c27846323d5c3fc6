/**
 * Conversations the visitor deleted from this device before they were delivered: hidden from the
 * list until delivery, then deleted (undelivered data is never dropped). localStorage when
 * functional storage is allowed, else sessionStorage, like the current-conversation pointer.
 */
import { fromJson, toJson } from '../core/json.ts';
import { storageArea } from '../storage/page-storage.ts';

export interface HiddenConversations {
  has(id: string): boolean;
  add(id: string): void;
  remove(id: string): void;
  all(): string[];
}

type Area = () => Storage | undefined;

/** `key`: the project's (core/storage-names.ts `hidden`). */
export function hiddenConversations(key: string, functionalAllowed: () => boolean, local: Area = storageArea('localStorage'), session: Area = storageArea('sessionStorage')): HiddenConversations {
  const area = (): Storage | undefined => {
    try {
      return functionalAllowed() ? local() : session();
    } catch {
      return undefined;
    }
  };
  let memory: string[] = [];
  const read = (): string[] => {
    const a = area();
    if (!a) return memory;
    try {
      const v: unknown = fromJson(a.getItem(key) ?? '[]');
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return memory;
    }
  };
  const write = (ids: string[]) => {
    memory = ids.slice(-200);
    try {
      // Prototype.js's Array#toJSON would store a string of the list, and it would read back as nothing.
      area()?.setItem(key, toJson(memory));
    } catch {
      /* storage refused: hidden for this page */
    }
  };
  return {
    has: (id) => read().includes(id),
    add: (id) => write([...read().filter((x) => x !== id), id]),
    remove: (id) => write(read().filter((x) => x !== id)),
    all: read,
  };
}
