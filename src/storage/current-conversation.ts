/**
 * Which conversation the widget shows, so a reload or another tab continues it. localStorage
 * (shared by tabs) when functional storage is allowed, else sessionStorage (this tab only).
 * Values are checked on read: the page may have written anything there.
 */
import { CONVERSATION_KEY as KEY } from '../core/storage-names.ts';

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

export function currentConversation(functionalAllowed: () => boolean, local: Area = area('localStorage'), session: Area = area('sessionStorage')): CurrentConversation {
  const pick = () => (functionalAllowed() ? local() : session());
  return {
    get() {
      try {
        const v = pick()?.getItem(KEY);
        return valid(v) ? v : undefined;
      } catch {
        return undefined;
      }
    },
    set(id) {
      try {
        pick()?.setItem(KEY, id);
        if (!functionalAllowed()) local()?.removeItem(KEY);
      } catch {
        /* storage refused: the conversation lasts as long as the page */
      }
    },
  };
}
