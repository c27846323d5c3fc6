/**
 * Which conversation the widget shows, so a reload or another tab continues it. localStorage
 * (shared by tabs) when functional storage is allowed, else sessionStorage (this tab only).
 * Values are checked on read: the page may have written anything there.
 */
import { storageArea } from './page-storage.ts';

const valid = (v: unknown): v is string => typeof v === 'string' && /^[\w-]{1,128}$/.test(v);

type Area = () => Storage | undefined;

export interface CurrentConversation {
  get(): string | undefined;
  set(id: string): void;
}

/** `key`: the project's (core/storage-names.ts `conversation`). */
export function currentConversation(key: string, functionalAllowed: () => boolean, local: Area = storageArea('localStorage'), session: Area = storageArea('sessionStorage')): CurrentConversation {
  const pick = () => (functionalAllowed() ? local() : session());
  // Where storage refuses (blocked site data, a full quota), the page itself remembers: reopening a
  // conversation from the list must still switch to it.
  let memory: string | undefined;
  let kept = true;
  return {
    get() {
      try {
        const area = kept ? pick() : undefined;
        if (!area) return memory;
        const v = area.getItem(key);
        return valid(v) ? v : undefined;
      } catch {
        return memory;
      }
    },
    set(id) {
      memory = id;
      try {
        const area = pick();
        area?.setItem(key, id);
        kept = !!area;
        if (!functionalAllowed()) local()?.removeItem(key);
      } catch {
        kept = false;
      }
    },
  };
}
