/**
 * The launcher the script tag paints before the rest of the widget has even been fetched: the
 * plain-DOM shell (ui/shell.ts) with what it can show safely from the raw configuration, clicks
 * and hovers remembered. The widget adopts it (`WidgetDeps.adoptShell`) once its code has loaded,
 * applies the validated configuration, and takes its callbacks over.
 */
import type { WidgetConfig } from './core/widget-types.ts';
import { createShell, type Shell } from './ui/shell.ts';
import { defaultStrings } from './ui/strings.ts';

export interface EarlyLauncher {
  /** For `createWidget`: the launcher already on the page, now calling the widget. */
  adoptShell(onOpen: () => void, prefetch: () => void): { host: HTMLElement; shell: Shell };
  remove(): void;
}

// Only what certainly is a colour: the validated value replaces it a moment later anyway.
const COLOUR = /^(#[\da-f]{3,8}|[a-z]{3,20}|(rgb|hsl)a?\([\d\s.,%/]{1,40}\))$/i;

/** Paints the launcher now; `intent` runs on the first pointer or focus (fetch the rest sooner). */
export function paintLauncher(config: Partial<WidgetConfig>, intent: () => void): EarlyLauncher {
  const host = document.createElement('div');
  host.setAttribute('data-support-copilot', '');
  const container = config.container instanceof HTMLElement ? config.container : document.body;
  container.appendChild(host);
  let clicked = false;
  let handlers = {
    open: () => {
      clicked = true;
      intent();
    },
    prefetch: intent,
  };
  const shell = createShell(host, () => handlers.open(), () => handlers.prefetch());
  const theme = config.theme === 'light' || config.theme === 'dark' ? config.theme : 'auto';
  const color = typeof config.primaryColor === 'string' && COLOUR.test(config.primaryColor) ? config.primaryColor : undefined;
  const label = typeof config.strings?.launcher === 'string' ? config.strings.launcher : defaultStrings.launcher;
  shell.update({ theme, primaryColor: color, label, open: false });
  return {
    adoptShell(onOpen, prefetch) {
      handlers = { open: onOpen, prefetch };
      // A click while the rest was loading opens the panel now, once.
      if (clicked) queueMicrotask(onOpen);
      return { host, shell };
    },
    remove: () => host.remove(),
  };
}
