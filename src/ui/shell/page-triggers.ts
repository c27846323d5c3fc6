/**
 * The page's ways to open the chat besides the launcher: any element with
 * `data-support-copilot-open` (one delegated listener, so elements added later work too; its
 * value may name a view: `contact`, `conversations`), and an optional keyboard shortcut that
 * never fires while the visitor types in a field (input, textarea, select, contenteditable), in
 * the page or inside another component's shadow root, open or closed.
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

const FIELD = 'input,textarea,select,[contenteditable]:not([contenteditable="false"])';
const FOCUSABLE = 'a[href],area[href],button,iframe,summary,audio[controls],video[controls],[tabindex],' + FIELD;

/**
 * Whether a key press may be typing: its path starts in a field (in an open shadow root the path
 * shows it). A closed shadow root hides its field: the path starts at the root's host, which is
 * then the focused element without being focusable itself, so the focus is inside it.
 */
function typing(first: HTMLElement | undefined, doc: Document): boolean {
  if (!first || first.nodeType !== 1) return false;
  if (first.isContentEditable || first.closest?.(FIELD)) return true;
  return first !== doc.body && first !== doc.documentElement && !first.matches?.(FOCUSABLE);
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
    if (!spec || e.defaultPrevented || e.repeat || e.isComposing || pressedShortcut(e, spec) !== normalizeShortcut(spec, apple)) return;
    if (typing(e.composedPath()[0] as HTMLElement, doc)) return;
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
