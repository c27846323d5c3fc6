/**
 * The browser APIs the headless core uses, injectable for tests (`LoggerDeps`), and how each one
 * is found in the page when it is not injected: read late (a page may replace them before the
 * start task) and never trusted to exist (a getter that throws where storage is blocked).
 */
import { bare } from '../core/own-copy.ts';
import { pageIndexedDB, storageArea, webStorage } from '../storage/page-storage.ts';
import type { DeliveryDeps } from './start-delivery.ts';

/** Injectable I/O; defaults are the browser's own. */
export interface LoggerDeps {
  fetch?: typeof fetch;
  /** Epoch ms (stored times, payload dates). */
  now?: () => number;
  /** Monotonic ms (every wait: retries, pauses); defaults to `performance.now`. */
  clock?: () => number;
  random?: () => number;
  indexedDB?: IDBFactory;
  document?: Document;
  sessionStorage?: () => Storage | undefined;
  window?: Window;
  locks?: LockManager;
  BroadcastChannel?: typeof BroadcastChannel;
}

const broadcastChannel = (): typeof BroadcastChannel | undefined => {
  try {
    return typeof BroadcastChannel === 'undefined' ? undefined : BroadcastChannel;
  } catch {
    // A page that made it a throwing getter: as if absent.
    return undefined;
  }
};

/** Own properties only: `'indexedDB' in deps` must not see a page's `Object.prototype.indexedDB`. */
export const ownDeps = (deps: LoggerDeps | undefined): LoggerDeps => bare(deps ?? {});

export const pageDocument = (deps: LoggerDeps): Document | undefined =>
  'document' in deps ? deps.document : typeof document === 'undefined' ? undefined : document;

/** What delivery needs from the browser, each read when delivery starts. */
export function deliveryDeps(deps: LoggerDeps): DeliveryDeps {
  return {
    fetch: deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a)),
    indexedDB: () => ('indexedDB' in deps ? deps.indexedDB : pageIndexedDB()),
    locks: () => {
      if ('locks' in deps) return deps.locks;
      try {
        return typeof navigator === 'undefined' ? undefined : navigator.locks;
      } catch {
        return undefined;
      }
    },
    BroadcastChannel: 'BroadcastChannel' in deps ? deps.BroadcastChannel : broadcastChannel(),
    local: storageArea('localStorage'),
    session: () => (deps.sessionStorage ? deps.sessionStorage() : webStorage('sessionStorage')),
    window: 'window' in deps ? deps.window : typeof window === 'undefined' ? undefined : window,
  };
}
