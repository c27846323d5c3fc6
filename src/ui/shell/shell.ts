/**
 * The part of the UI every visitor gets: an open shadow root, the theme frame and the launcher,
 * in plain DOM (no Preact), so the script-tag bundle stays small and the launcher paints at once.
 * The chat panel is a separate chunk (`panel-view.tsx`), loaded on first open or when the
 * visitor points at the launcher. While open, the launcher is the panel's close button. What
 * only matters once the panel exists (the page's colour scheme, motion, the page's scroll) is
 * added by the chunk through `hooks` (shell-extras.ts).
 */
import { baseCss } from './base-styles.ts';
import { shellIcons } from './shell-icons.ts';
import type { Strings, WidgetConfig } from '../../widget-core/widget-types.ts';
import { bare } from '../../core/own-copy.ts';
import { fill } from '../../widget-core/fill.ts';
import { guarded } from '../../core/guarded.ts';

export interface ShellState {
  config: WidgetConfig;
  /** the launcher's names ("Open support chat", and "Close chat" while open) and badge text */
  strings: Pick<Strings, 'launcher' | 'close'> & Partial<Pick<Strings, 'unread' | 'unreadOne'>>;
  open: boolean;
  /** answers that completed while closed */
  unread: number;
  /** the language of the text (a locale pack's code) */
  lang: string;
  rtl: boolean;
}

export interface ShellHooks {
  /** After each update, on the frame (the chunk resolves the theme, locks the page's scroll). */
  after?(o: ShellState, frame: HTMLElement): void;
  /** Hides the panel when it closes; `done` hides it for good (the chunk plays the exit animation first). */
  hide?(done: () => void): void;
}

export interface Shell {
  root: ShadowRoot;
  /** Where the panel chunk renders. */
  slot: HTMLElement;
  launcher: HTMLButtonElement;
  hooks: ShellHooks;
  update(o: ShellState): void;
  /** The last update again (the page changed under us). */
  refresh(): void;
}

const SVG = 'http://www.w3.org/2000/svg';
let sheet: CSSStyleSheet | undefined;

export function adopt(root: ShadowRoot, css: string, cache?: CSSStyleSheet): CSSStyleSheet {
  const s = cache ?? new CSSStyleSheet();
  if (!cache) s.replaceSync(css);
  if (!root.adoptedStyleSheets.includes(s)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
  return s;
}

export function createShell(host: HTMLElement, onToggle: () => void, prefetch: () => void): Shell {
  const root = host.shadowRoot ?? host.attachShadow(bare({ mode: 'open' }));
  sheet = adopt(root, baseCss, sheet);
  const el = (tag: string, className: string) => Object.assign(document.createElement(tag), { className });
  const frame = el('div', 'root');
  const launcher = el('button', 'launch') as HTMLButtonElement;
  launcher.type = 'button';
  launcher.setAttribute('aria-haspopup', 'dialog');
  // The launcher's name is API ("Open support chat"): the unread count is its description.
  const badge = el('span', 'badge');
  const unread = el('span', 'sr');
  unread.id = 'sc-unread';
  launcher.setAttribute('aria-describedby', unread.id);
  for (const [name, d] of Object.entries(shellIcons)) {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', `i-${name}`);
    svg.append(document.createElementNS(SVG, 'path'));
    svg.firstElementChild!.setAttribute('d', d);
    launcher.append(svg);
  }
  // Inside the button (out of the page's landmark structure), yet not its name: aria-label is.
  launcher.append(badge, unread);
  launcher.addEventListener('click', guarded(onToggle));
  launcher.addEventListener('pointerenter', guarded(prefetch), bare({ once: true }));
  launcher.addEventListener('focus', guarded(prefetch), bare({ once: true }));
  const slot = el('div', 'slot');
  slot.hidden = true;
  // The panel first: Tab from its last control reaches the launcher below it ("Close chat"), not the page's top.
  frame.append(slot, launcher);
  root.append(frame);

  let last: ShellState | undefined;
  const shell: Shell = {
    root,
    slot,
    launcher,
    hooks: {},
    update(o) {
      const { config: c, strings: t, open, unread: n } = o;
      const d = frame.dataset;
      const inline = c.mode === 'inline';
      // Through CSSOM, which a strict style-src CSP allows (a style attribute string would not be).
      const set = (name: string, v: string | number | undefined, unit = '') =>
        v === undefined || v === '' ? frame.style.removeProperty(name) : frame.style.setProperty(name, v + unit);
      set('--sc-primary', c.primaryColor);
      set('--sc-x', c.offsetX, 'px');
      set('--sc-y', c.offsetY, 'px');
      set('--sc-z', c.zIndex);
      d.theme = c.theme ?? 'auto';
      d.mode = host.dataset.mode = inline ? 'inline' : 'floating';
      d.side = c.position ?? 'right';
      frame.lang = o.lang;
      frame.dir = o.rtl ? 'rtl' : 'ltr';
      launcher.hidden = inline || c.launcher === false;
      frame.toggleAttribute('data-nolauncher', launcher.hidden);
      frame.toggleAttribute('data-open', open);
      const label = open && !inline ? t.close : t.launcher;
      launcher.setAttribute('aria-label', label);
      launcher.title = label;
      launcher.setAttribute('aria-expanded', String(open));
      badge.textContent = n ? String(n) : '';
      unread.textContent = (n && fill((n === 1 ? t.unreadOne : t.unread) ?? '', { n })) || '';
      const closing = !open && last?.open;
      last = o;
      if (closing && shell.hooks.hide) shell.hooks.hide(() => (slot.hidden = !last!.open));
      else slot.hidden = !open;
      shell.hooks.after?.(o, frame);
    },
    refresh: () => last && shell.update(last),
  };
  return shell;
}
