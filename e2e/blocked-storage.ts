/**
 * Site data blocked the way browsers block it (Chrome's "Block all cookies", Firefox's cookie
 * exceptions, privacy extensions, some embedded webviews): the getters of `indexedDB`,
 * `localStorage`, `sessionStorage` and `document.cookie` throw a `SecurityError`. One at a time
 * and all together; shared by the Chromium specs and the cross-engine suite (e2e/engines/).
 */

export const BLOCKED_COMBINATIONS: Record<string, StorageName[]> = {
  indexedDB: ['indexedDB'],
  localStorage: ['localStorage'],
  sessionStorage: ['sessionStorage'],
  'document.cookie': ['cookie'],
  'all of them': ['indexedDB', 'localStorage', 'sessionStorage', 'cookie'],
};

export type StorageName = 'indexedDB' | 'localStorage' | 'sessionStorage' | 'cookie';

/**
 * Page source that blocks `names`, to run before any other script: an init script, or the first
 * inline script of a page. Source text, not a function: a runner compiled by tsx would add its own
 * helpers to a function's text.
 */
export const blockStorageScript = (names: StorageName[]) => `(() => {
  const refuse = () => { throw new DOMException('The operation is insecure.', 'SecurityError'); };
  for (const name of ${JSON.stringify(names)}) {
    if (name === 'cookie') Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: refuse, set: refuse });
    else Object.defineProperty(window, name, { configurable: true, get: refuse });
  }
})();`;
