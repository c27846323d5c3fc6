/**
 * The part of the UI every visitor gets: an open shadow root, the theme frame and the launcher,
 * in plain DOM (no Preact), so the script-tag bundle stays small and the launcher paints at once.
 * The chat panel is a separate chunk (`panel-view.tsx`), loaded on first open or when the
 * visitor points at the launcher.
 */
import { baseCss } from './base-styles.ts';
import { icons } from './icons.ts';
import type { Theme } from '../core/widget-types.ts';

export interface Shell {
  root: ShadowRoot;
  /** Where the panel chunk renders. */
  slot: HTMLElement;
  launcher: HTMLButtonElement;
  update(o: { theme: Theme; primaryColor?: string | undefined; label: string; open: boolean }): void;
}

const SVG = 'http://www.w3.org/2000/svg';
let sheet: CSSStyleSheet | undefined;

export function adopt(root: ShadowRoot, css: string, cache?: CSSStyleSheet): CSSStyleSheet {
  const s = cache ?? new CSSStyleSheet();
  if (!cache) s.replaceSync(css);
  if (!root.adoptedStyleSheets.includes(s)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
  return s;
}

export function createShell(host: HTMLElement, onOpen: () => void, prefetch: () => void): Shell {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  sheet = adopt(root, baseCss, sheet);
  const frame = document.createElement('div');
  frame.className = 'root';
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launch';
  launcher.setAttribute('aria-haspopup', 'dialog');
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', icons.chat);
  svg.append(path);
  launcher.append(svg);
  launcher.addEventListener('click', onOpen);
  launcher.addEventListener('pointerenter', prefetch, { once: true });
  launcher.addEventListener('focus', prefetch, { once: true });
  const slot = document.createElement('div');
  frame.append(launcher, slot);
  root.append(frame);
  return {
    root,
    slot,
    launcher,
    update({ theme, primaryColor, label, open }) {
      frame.dataset.theme = theme;
      // Through CSSOM, which a strict style-src CSP allows (a style attribute string would not be).
      if (primaryColor) frame.style.setProperty('--sc-primary', primaryColor);
      else frame.style.removeProperty('--sc-primary');
      launcher.setAttribute('aria-label', label);
      launcher.title = label;
      launcher.hidden = open;
      slot.hidden = !open;
    },
  };
}
