/**
 * The one door to the browser's site storage: every read of `localStorage`, `sessionStorage`,
 * `indexedDB` and `document.cookie` in the widget goes through here (`page-storage.test.ts`
 * enumerates the sources for any other). Where a browser blocks site data (Chrome's "Block all
 * cookies", Firefox's "Block cookies" for a site, some privacy extensions and embedded webviews,
 * sandboxed frames) the getters themselves throw a `SecurityError`, and so can `typeof x` on them;
 * here that reads as "absent", so every caller falls back to memory instead of failing.
 */

export type WebStorageName = 'localStorage' | 'sessionStorage';

/** The page's `localStorage` or `sessionStorage`, or undefined where it is missing or blocked. */
export function webStorage(name: WebStorageName): Storage | undefined {
  try {
    return (globalThis as { [k in WebStorageName]?: Storage })[name] ?? undefined;
  } catch {
    return undefined;
  }
}

/** A lazy handle on one area, the shape the stores take (tests pass their own). */
export const storageArea = (name: WebStorageName) => (): Storage | undefined => webStorage(name);

/** The page's `indexedDB`, or undefined where it is missing or blocked. */
export function pageIndexedDB(): IDBFactory | undefined {
  try {
    return (globalThis as { indexedDB?: IDBFactory }).indexedDB ?? undefined;
  } catch {
    return undefined;
  }
}

/** `document.cookie`, or '' where there is no document or cookies are blocked. */
export function readCookies(doc: Document | undefined): string {
  try {
    const v = doc?.cookie;
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}

/** Sets one cookie (`document.cookie = ...`); false where cookies are blocked. */
export function writeCookie(doc: Document | undefined, cookie: string): boolean {
  if (!doc) return false;
  try {
    doc.cookie = cookie;
    return true;
  } catch {
    return false;
  }
}
