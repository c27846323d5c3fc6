/**
 * Which conversation the widget shows, so a reload or another tab continues it. localStorage
 * (shared by tabs) when functional storage is allowed, else sessionStorage (this tab only).
 * Values are checked on read: the page may have written anything there.
 */
const valid = (v: unknown): v is string => typeof v === 'string' && /^[\w-]{1,128}$/.test(v);

type Area = () => Storage | undefined;
const area = (name: 'localStorage' | 'sessionStorage'): Area => () => {
  try {
    return typeof window === 'undefined' ? undefined : window[name];
  } catch {
    return undefined;
  }
};

export interface CurrentConversation {
  get(): string | undefined;
  set(id: string): void;
}

/** `key`: the project's (core/storage-names.ts `conversation`). */
export function currentConversation(key: string, functionalAllowed: () => boolean, local: Area = area('localStorage'), session: Area = area('sessionStorage')): CurrentConversation {
  const pick = () => (functionalAllowed() ? local() : session());
  return {
    get() {
      try {
        const v = pick()?.getItem(key);
        return valid(v) ? v : undefined;
      } catch {
        return undefined;
      }
    },
    set(id) {
      try {
        pick()?.setItem(key, id);
        if (!functionalAllowed()) local()?.removeItem(key);
      } catch {
        /* storage refused: the conversation lasts as long as the page */
      }
    },
  };
}
