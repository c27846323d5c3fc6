/**
 * The launcher the script tag paints before the rest of the widget has even been fetched: the
 * plain-DOM shell (ui/shell.ts) with what it can show safely from the raw configuration, clicks
 * and hovers remembered. The widget adopts it (`WidgetDeps.adoptShell`) once its code has loaded,
 * applies the validated configuration and the visitor's language, and takes its callbacks over.
 */
import type { WidgetConfig } from '../widget-core/widget-types.ts';
import { createShell, type Shell } from '../ui/shell/shell.ts';
import { shellStrings } from '../ui/shell/shell-strings.ts';
// Only what certainly is a colour (the widget's own rule): the validated value replaces it a moment later anyway.
import { COLOUR } from '../core/option-rules.ts';
import { guarded } from '../core/guarded.ts';

export interface EarlyLauncher {
  /** For `createWidget`: the launcher already on the page, now calling the widget. */
  adoptShell(onToggle: () => void, prefetch: () => void): { host: HTMLElement; shell: Shell };
  /** The widget could not start (bad configuration, its code did not load): no launcher that does nothing. */
  remove(): void;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Paints the launcher now, in the container if it is already there (else undefined: the widget
 * makes its own once it loads); `intent` runs on the first pointer, focus or click (fetch the rest sooner).
 */
export function paintLauncher(c: Partial<WidgetConfig>, intent: () => void): EarlyLauncher | undefined {
  const container = typeof c.container === 'string' ? document.querySelector<HTMLElement>(c.container) : c.container instanceof HTMLElement ? c.container : document.body;
  if (!container) return undefined;
  const host = document.createElement('div');
  host.setAttribute('data-support-copilot', '');
  let clicked = false;
  let handlers = {
    toggle: () => {
      clicked = true;
      intent();
    },
    prefetch: intent,
  };
  const shell = createShell(host, () => handlers.toggle(), () => handlers.prefetch());
  // What the shell shows, from options checked here as strictly as the widget would (never a raw value).
  const config: WidgetConfig = {
    apiKey: '',
    ...(c.theme === 'light' || c.theme === 'dark' ? { theme: c.theme } : {}),
    ...(typeof c.primaryColor === 'string' && COLOUR.test(c.primaryColor) ? { primaryColor: c.primaryColor } : {}),
    ...(c.position === 'left' ? { position: 'left' as const } : {}),
    ...(c.mode === 'inline' ? { mode: 'inline' as const } : {}),
    ...(c.launcher === false ? { launcher: false } : {}),
    ...(num(c.offsetX) !== undefined ? { offsetX: num(c.offsetX) } : {}),
    ...(num(c.offsetY) !== undefined ? { offsetY: num(c.offsetY) } : {}),
    ...(num(c.zIndex) !== undefined ? { zIndex: num(c.zIndex) } : {}),
  };
  const launcher = typeof c.strings?.launcher === 'string' ? c.strings.launcher : shellStrings.launcher;
  shell.update({ config, strings: { ...shellStrings, launcher }, open: false, unread: 0, lang: document.documentElement.lang || 'en', rtl: false });
  container.appendChild(host);
  return {
    adoptShell(onToggle, prefetch) {
      handlers = { toggle: onToggle, prefetch };
      // A click while the rest was loading opens the panel now, once.
      if (clicked) queueMicrotask(guarded(onToggle));
      return { host, shell };
    },
    remove: () => host.remove(),
  };
}
