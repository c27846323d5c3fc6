/**
 * What the shell needs only once the panel exists, added from the panel chunk so the script-tag
 * bundle stays small: the theme that follows the host page's declared `color-scheme`, the exit
 * animation (none under reduced motion: it then hides at once), and on a phone, where the panel is
 * full screen, a page that does not scroll behind it.
 */
import type { Shell } from './shell.ts';
import { bare } from '../../core/own-copy.ts';
import { guarded } from '../../core/guarded.ts';

/**
 * The scheme the host page declares (`color-scheme` on its root, else `<meta name="color-scheme">`):
 * `system` when it offers both (it then follows the OS itself), light when it declares none.
 */
export function pageScheme(doc: Document = document): 'light' | 'dark' | 'system' {
  const css = getComputedStyle(doc.documentElement).colorScheme;
  const v = css && css !== 'normal' ? css : (doc.querySelector('meta[name="color-scheme"]')?.getAttribute('content') ?? '');
  return /dark/.test(v) ? (/light/.test(v) ? 'system' : 'dark') : 'light';
}

/** Adds the extras to a shell; returns what undoes them (destroy). */
export function extendShell(shell: Shell): () => void {
  let scheme = pageScheme();
  // A site's own dark-mode switch changes the root's class, style or color-scheme: follow it.
  const watcher = new MutationObserver(
    guarded(() => {
      scheme = pageScheme();
      shell.refresh();
    }),
  );
  watcher.observe(document.documentElement, bare({ attributes: true }));
  const phone = matchMedia('(max-width: 480px)');
  const refresh = guarded(shell.refresh);
  phone.addEventListener('change', refresh);

  const page = document.documentElement.style;
  let saved: string | null = null;
  const lock = (on: boolean) => {
    if (on === (saved !== null)) return;
    if (on) [saved, page.overflow] = [page.overflow, 'hidden'];
    else [page.overflow, saved] = [saved!, null];
  };

  let closing = 0;
  shell.hooks.after = (o, frame) => {
    if (frame.dataset.theme === 'auto') frame.dataset.theme = scheme;
    lock(o.open && o.config.mode !== 'inline' && phone.matches);
    if (o.open) {
      closing++;
      delete shell.slot.dataset.closing;
    }
  };
  shell.hooks.hide = (done) => {
    const token = ++closing;
    shell.slot.dataset.closing = '';
    const finish = guarded(() => {
      if (token !== closing) return;
      delete shell.slot.dataset.closing;
      done();
    });
    // The panel's own exit animation only: an endless one inside it (the typing dots) never finishes.
    const running = (shell.slot.firstElementChild?.getAnimations?.() ?? []).filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
    if (!running.length) return finish();
    void Promise.all(running.map((a) => a.finished)).then(finish, finish);
    // Whatever happens to the animation (cancelled, throttled in a background tab), the panel goes.
    setTimeout(finish, 400);
  };
  shell.refresh();
  return () => {
    watcher.disconnect();
    phone.removeEventListener('change', refresh);
    shell.hooks = {};
    lock(false);
  };
}
