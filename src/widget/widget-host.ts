/**
 * Where the widget lives in the page: the launcher the script tag already painted (adopted), or a
 * new host element in the configured container (the body when there is none) with a new shell.
 * `whenPageReady` waits for the body when a synchronous script in <head> created the widget.
 */
import { bare } from '../core/own-copy.ts';
import { invalidInput } from '../core/support-copilot-error.ts';
import { createShell, type Shell } from '../ui/shell/shell.ts';
import type { WidgetConfig } from '../widget-core/widget-types.ts';
import type { UiLoaders } from './ui-contracts.ts';
import { guarded } from '../core/guarded.ts';

export function mountHost(wc: WidgetConfig, adoptShell: UiLoaders['adoptShell'], toggle: () => void, prefetch: () => void, report: (e: unknown) => void): { host: HTMLElement; shell: Shell } {
  if (adoptShell) return adoptShell(toggle, prefetch);
  const host = document.createElement('div');
  host.setAttribute('data-support-copilot', '');
  let container: HTMLElement | null | undefined = null;
  try {
    container = typeof wc.container === 'string' ? document.querySelector<HTMLElement>(wc.container) : wc.container;
  } catch {
    // querySelector throws a SyntaxError on a selector like '#': reported like one that matches nothing.
  }
  (container ?? document.body).appendChild(host);
  // Once the widget is wired: its `support-copilot:error` is dispatched on this element.
  if (container === null) queueMicrotask(guarded(() => report(invalidInput('config', [{ path: 'container', message: `no element matches ${wc.container}` }]))));
  return { host, shell: createShell(host, toggle, prefetch) };
}

/** Runs `attach` now when the page can take the widget, else `later` on DOMContentLoaded; returns what cancels the wait. */
export function whenPageReady(wc: WidgetConfig, adopted: boolean, attach: () => void, later: () => void): () => void {
  // The script tag's launcher is already on the page (its loader waited for the body and the container).
  if (adopted || (typeof wc.container === 'string' ? document.readyState !== 'loading' : document.body || wc.container)) {
    attach();
    return () => {};
  }
  const run = guarded(later);
  document.addEventListener('DOMContentLoaded', run, bare({ once: true }));
  return () => document.removeEventListener('DOMContentLoaded', run);
}
