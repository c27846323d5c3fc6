/**
 * Loads the chunks of the script-tag build that sit next to the bundle, as classic scripts (so they
 * need no more CSP than the bundle itself): each hands itself to a global callback as it runs. A
 * file that does not load is a `panel_unavailable` error naming it.
 */
import { asSupportCopilotError, SupportCopilotError } from '../core/support-copilot-error.ts';
import { guarded } from '../core/guarded.ts';

/** Adds a classic script that must register itself (with a global callback) before its load event. */
export function injectScript(url: string, registered: () => boolean, failed: (e: SupportCopilotError) => void): void {
  const s = document.createElement('script');
  const fail = (e: unknown) => failed(asSupportCopilotError(e, 'panel_unavailable', `Could not load ${url}`));
  const done = (why?: string) => {
    s.remove();
    if (why) fail(new SupportCopilotError('panel_unavailable', `Could not load ${url}: ${why}`));
  };
  s.src = url;
  s.async = true;
  // The browser calls these from its own task: whatever they meet (a built-in the page broke) goes to `failed`, never into the page.
  // A classic script runs before its load event: no registration by then means a wrong or broken file.
  s.onload = guarded(() => done(registered() ? undefined : 'it did not register (version mismatch?)'), fail);
  s.onerror = guarded(() => done('network or server error'), fail);
  document.head.append(s);
}

/** A chunk that hands its module to `window.__supportCopilot<Name>`: loaded once at a time; a failure can be retried. */
export function scriptChunkLoader<T>(url: string, name: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= new Promise<T>((resolve, reject) => {
      const w = window as unknown as Record<string, ((m: T) => void) | undefined>;
      const slot = `__supportCopilot${name}`;
      let registered = false;
      w[slot] = (m) => {
        registered = true;
        delete w[slot];
        resolve(m);
      };
      injectScript(url, () => registered, (e) => {
        loading = undefined;
        reject(e);
      });
    }));
}
