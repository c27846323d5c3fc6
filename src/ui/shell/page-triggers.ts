/**
 * The page's ways to open the chat besides the launcher: any element with
 * `data-support-copilot-open` (one delegated listener, so elements added later work too; its
 * value may name a view: `contact`, `conversations`), and an optional keyboard shortcut that
 * never fires while the visitor types in a field (input, textarea, select, contenteditable).
 */
import { normalizeShortcut, pressedShortcut } from '../../widget-core/shortcut.ts';
import type { WidgetView } from '../../widget-core/widget-types.ts';
import { guarded } from '../../core/guarded.ts';

export interface PageTriggers {
  open(view?: WidgetView): void;
  toggle(): void;
  /** Read at each key press: `update()` may change it. */
  shortcut(): string | undefined;
}

export function watchPageTriggers(t: PageTriggers, doc: Document = document): () => void {
  const apple = /Mac|iP(hone|ad|od)/.test(navigator.platform || navigator.userAgent);
  const onClick = (e: MouseEvent) => {
    // composedPath: a trigger inside another component's open shadow root counts too.
    const el = e.composedPath().find((n) => (n as Element).hasAttribute?.('data-support-copilot-open')) as Element | undefined;
    if (!el) return;
    e.preventDefault();
    const view = el.getAttribute('data-support-copilot-open');
    t.open(view === 'contact' || view === 'conversations' ? view : undefined);
  };
  const onKey = (e: KeyboardEvent) => {
    const spec = t.shortcut();
    const target = e.composedPath()[0] as HTMLElement;
    if (!spec || e.defaultPrevented || e.repeat || pressedShortcut(e, spec) !== normalizeShortcut(spec, apple)) return;
    if (target.isContentEditable || target.closest?.('input,textarea,select')) return;
    e.preventDefault();
    t.toggle();
  };
  // Listeners on the page's own document: whatever happens in them stays ours.
  const click = guarded(onClick);
  const key = guarded(onKey);
  doc.addEventListener('click', click);
  doc.addEventListener('keydown', key);
  return () => {
    doc.removeEventListener('click', click);
    doc.removeEventListener('keydown', key);
  };
}
