/**
 * Page events that should trigger delivery. `navigator.onLine === false` is never used to skip a
 * try (it lies behind captive portals and in some VMs); `online` is only a hint to try sooner.
 */
import { guarded } from '../core/guarded.ts';
export interface LifecycleHandlers {
  online(): void;
  visible(): void;
  /** The page may be about to go away (tab switch, close, navigation): deliver now, with keepalive. */
  hidden(): void;
  /** Last chance, nothing asynchronous will run after this. */
  pagehide(): void;
}

export function watchPageLifecycle(h: LifecycleHandlers, win: Window | undefined): () => void {
  if (!win) return () => {};
  const doc = win.document;
  // A listener of ours never throws into the page's event dispatch: delivery retries later anyway.
  const onVisibility = guarded(() => (doc.visibilityState === 'hidden' ? h.hidden() : h.visible()));
  const onOnline = guarded(() => h.online());
  const onPageHide = guarded(() => h.pagehide());
  win.addEventListener('online', onOnline);
  win.addEventListener('pagehide', onPageHide);
  doc.addEventListener('visibilitychange', onVisibility);
  return () => {
    win.removeEventListener('online', onOnline);
    win.removeEventListener('pagehide', onPageHide);
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
