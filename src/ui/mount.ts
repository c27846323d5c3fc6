import { h, render } from 'preact';
import type { AppProps } from './types.ts';
import { App } from './app.tsx';
import { css } from './styles.ts';

export interface Mounted {
  /** the open shadow root holding the widget */
  root: ShadowRoot;
  /** (re-)renders the widget with new props */
  update(props: AppProps): void;
  /** removes the widget's DOM (the shadow root itself stays attached to the host) */
  unmount(): void;
}

let sheet: CSSStyleSheet | undefined;

/**
 * Attaches (or reuses) an open shadow root on `host`, adopts the widget stylesheet as a
 * constructable CSSStyleSheet (no <style> element or style attribute, so a strict
 * `style-src 'self'` CSP holds) and renders the App with `props`.
 */
export function mount(host: HTMLElement, props: AppProps): Mounted {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(css);
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const update = (p: AppProps) => render(h(App, p), root);
  update(props);
  return { root, update, unmount: () => render(null, root) };
}
