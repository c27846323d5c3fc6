/**
 * Whether the panel is open, and what goes with it: the focus request the panel follows
 * (`focusKey`), the unread count on the launcher, and the element focus returns to on close.
 * Inline, the panel is always there: "open" moves focus into it, "close" does nothing.
 * Open or closed is remembered for the tab (sessionStorage, as Intercom's messenger does): a reload
 * or the next page of the site shows it as the visitor left it, without taking the page's focus.
 * Storage may be blocked or throw: then it is simply not remembered.
 */
import { OPEN_KEY } from '../core/storage-names.ts';
import { storageArea } from '../storage/page-storage.ts';
import { guarded } from '../core/guarded.ts';

const tabStorage = storageArea('sessionStorage');
function remembered(): boolean {
  try {
    return tabStorage()?.getItem(OPEN_KEY) === '1';
  } catch {
    return false;
  }
}
function remember(open: boolean): void {
  try {
    if (open) tabStorage()?.setItem(OPEN_KEY, '1');
    else tabStorage()?.removeItem(OPEN_KEY);
  } catch {
    /* not remembered */
  }
}

export interface OpenStateDeps {
  inline: () => boolean;
  initiallyOpen: boolean;
  render: () => void;
  /** After close: focus back to the launcher, or to `opener` (the page's own trigger) when there is none. */
  restoreFocus: (opener: Element | null) => void;
  /** Opened or closed (not called for inline). */
  changed: (open: boolean) => void;
}

export interface OpenState {
  isOpen(): boolean;
  focusKey(): number;
  unread(): number;
  set(next: boolean): void;
  /** An answer was shown: counted on the launcher while closed. */
  answerShown(): void;
  /** The panel could not load: shown closed again. */
  failed(): void;
}

export function createOpenState(d: OpenStateDeps): OpenState {
  let open = d.initiallyOpen || d.inline() || remembered();
  // `open: true` asks for focus in the panel; a panel left open on the last page does not take it.
  let focusKey = d.initiallyOpen && !d.inline() ? 1 : 0;
  let unread = 0;
  let opener: Element | null = null;
  return {
    isOpen: () => open,
    focusKey: () => focusKey,
    unread: () => unread,
    set(next) {
      if (d.inline()) return void (next && (focusKey++, d.render()));
      if (open === next) return;
      open = next;
      if (open) {
        focusKey++;
        unread = 0;
        opener = document.activeElement;
      }
      d.render();
      // After the render microtask.
      if (!open) queueMicrotask(guarded(() => d.restoreFocus(opener)));
      remember(open);
      d.changed(open);
    },
    answerShown() {
      if (open) return;
      unread++;
      d.render();
    },
    failed: () => remember((open = false)),
  };
}
