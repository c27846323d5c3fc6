/**
 * Whether the panel is open, and what goes with it: the focus request the panel follows
 * (`focusKey`), the unread count on the launcher, and the element focus returns to on close.
 * Inline, the panel is always there: "open" moves focus into it, "close" does nothing.
 */
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
  let open = d.initiallyOpen || d.inline();
  let focusKey = 0;
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
      if (!open) queueMicrotask(() => d.restoreFocus(opener));
      d.changed(open);
    },
    answerShown() {
      if (open) return;
      unread++;
      d.render();
    },
    failed: () => void (open = false),
  };
}
