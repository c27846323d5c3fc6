/**
 * `fn` once the next frame has come, or after 35 ms when none comes (a hidden tab; a browser, frame
 * or page without `requestAnimationFrame`), as Preact's hooks wait for a paint. Cancelled by a
 * flag, never with `cancelAnimationFrame`: a page may lack it or have broken it while keeping
 * `requestAnimationFrame`, and a cancel that throws from the browser's own callback reaches the page.
 */
import { guarded } from './guarded.ts';

// Taken when the bundle starts: a page script that replaces it later does not get our callbacks.
const raf = globalThis.requestAnimationFrame;

export function afterFrame(fn: () => void): () => void {
  let live = true;
  const cancel = () => {
    live = false;
    clearTimeout(timer);
  };
  const run = guarded(() => live && (cancel(), fn()));
  const timer = setTimeout(run, 35);
  try {
    if (typeof raf === 'function') raf(run);
  } catch {
    /* the timer runs it */
  }
  return cancel;
}
