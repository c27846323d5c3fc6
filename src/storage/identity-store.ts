/**
 * Where the anonymous id lives: a first-party cookie when analytical cookies are allowed,
 * otherwise sessionStorage (or memory, where even that throws: sandboxed iframes, some privacy
 * modes). Every browser API access is guarded: a broken store must never break the host page.
 */
import { COOKIE_MAX_AGE_S, isWellFormedAnonymousId } from '../core/identity-rules.ts';

import { ANONYMOUS_ID_KEY as SESSION_KEY } from '../core/storage-names.ts';
import { readCookies, storageArea, writeCookie } from './page-storage.ts';

export interface IdentityStoreOptions {
  cookieName: string;
  cookieDomain?: string;
  newId: () => string;
  doc?: Document | undefined;
  session?: () => Storage | undefined;
}

export interface IdentityStore {
  /** The anonymous id for the given consent, creating (and storing) one if needed. */
  anonymousId(cookiesAllowed: boolean): string;
  /** A new anonymous id (logout), stored as consent allows. */
  reset(cookiesAllowed: boolean): string;
}

export function readCookie(doc: Document | undefined, name: string): string | undefined {
  try {
    for (const part of readCookies(doc).split(/;\s*/)) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
    }
  } catch {
    /* a malformed %-escape: treat as absent (blocked cookies read as none: page-storage.ts). */
  }
  return undefined;
}

function cookieAttributes(doc: Document, domain: string | undefined, maxAge: number): string {
  const secure = doc.location?.protocol === 'https:' ? '; Secure' : '';
  return `; Max-Age=${maxAge}; Path=/; SameSite=Lax${secure}${domain ? `; Domain=${domain}` : ''}`;
}

export function createIdentityStore(o: IdentityStoreOptions): IdentityStore {
  const doc = o.doc;
  const session = o.session ?? storageArea('sessionStorage');
  let memoryId: string | undefined;

  const safe = (fn: () => void) => {
    try {
      fn();
    } catch {
      /* storage refused: the id stays in memory for this page */
    }
  };
  const storeCookie = (id: string) => safe(() => doc && writeCookie(doc, `${o.cookieName}=${encodeURIComponent(id)}${cookieAttributes(doc, o.cookieDomain, COOKIE_MAX_AGE_S)}`));
  const removeCookie = () => {
    if (readCookie(doc, o.cookieName) === undefined) return;
    safe(() => doc && writeCookie(doc, `${o.cookieName}=${cookieAttributes(doc, o.cookieDomain, 0)}`));
  };
  const readSession = () => {
    let v: string | null | undefined;
    safe(() => void (v = session()?.getItem(SESSION_KEY)));
    return v;
  };
  const writeSession = (id: string) => safe(() => session()?.setItem(SESSION_KEY, id));

  function store(id: string, cookiesAllowed: boolean): string {
    memoryId = id;
    if (cookiesAllowed) storeCookie(id);
    else {
      removeCookie();
      writeSession(id);
    }
    return id;
  }

  return {
    anonymousId(cookiesAllowed) {
      const fromCookie = readCookie(doc, o.cookieName);
      // Rewritten on reuse, so the 365 days count from the last visit, not the first.
      if (cookiesAllowed && isWellFormedAnonymousId(fromCookie)) return store(fromCookie, true);
      const known = [memoryId, readSession(), cookiesAllowed ? undefined : fromCookie].find(isWellFormedAnonymousId);
      return store(known ?? o.newId(), cookiesAllowed);
    },
    reset(cookiesAllowed) {
      return store(o.newId(), cookiesAllowed);
    },
  };
}
