/**
 * Never throw into the page: what the widget hands the browser (listeners, timers, observers) or
 * the UI (callbacks) runs through this, so an error (or a rejected promise it returns) goes to
 * `report` instead of the page's `window.onerror` / `unhandledrejection`. Pure.
 */
export const guarded =
  <A extends unknown[]>(fn: (...a: A) => unknown, report: (e: unknown) => void = () => {}) =>
  (...a: A): void => {
    try {
      const r = fn(...a);
      if (r instanceof Promise) r.then(undefined, report);
    } catch (e) {
      report(e);
    }
  };

/**
 * The page's own callback threw (an `onError`, an event listener): its error goes to the page's
 * `window.onerror` from a task of its own, as an EventTarget listener's would, and never stops ours.
 */
export function rethrowToPage(e: unknown): void {
  setTimeout(() => {
    throw e;
  });
}
