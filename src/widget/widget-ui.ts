/**
 * What the visitor sees, for the composition root (widget.ts): the plain-DOM shell (launcher,
 * painted at once), the lazy Preact panel (loaded on first open, or early when the visitor points
 * at the launcher), open/closed state with focus and the unread badge, the page's triggers, and the
 * language. It renders from the chat session's state and hands the visitor's actions back to it;
 * every callback it gives the UI reports its own errors instead of throwing into the page.
 */
import { bare } from '../core/own-copy.ts';
import { guarded } from '../core/guarded.ts';
import { ticketsPending } from '../tickets/tickets-pending.ts';
import { localePack } from '../ui/shell/locale-pack.ts';
import { watchPageTriggers } from '../ui/shell/page-triggers.ts';
import type { Shell } from '../ui/shell/shell.ts';
import { shellStrings } from '../ui/shell/shell-strings.ts';
import type { Strings, WidgetView } from '../widget-core/widget-types.ts';
import { createOpenState } from './open-state.ts';
import { createPanelSide } from './panel-side.ts';
import { renderBatch } from './render-batch.ts';
import type { WidgetUi, WidgetUiDeps } from './ui-contracts.ts';
import { mountHost, whenPageReady } from './widget-host.ts';

export type { PanelChunk, UiLoaders, WidgetUi, WidgetUiDeps } from './ui-contracts.ts';

export function createWidgetUi(u: WidgetUiDeps): WidgetUi {
  const { session, events, report } = u;
  // Every callback the UI, the browser or the page gets reports its own errors (core/guarded.ts).
  const guard = <A extends unknown[]>(fn: (...a: A) => unknown) => guarded(fn, report);
  const inline = () => u.config().mode === 'inline';
  let host: HTMLElement | undefined, shell: Shell | undefined;
  let destroyed = false;
  const locale = localePack(u.deps.loadLocale, () => render(), report);
  // A page without CustomEvent or dispatchEvent (or one that broke them) only misses the DOM events: the flow that fired one goes on.
  const dom = guarded((name: string, detail: unknown) => host?.dispatchEvent(new CustomEvent(`support-copilot:${name}`, bare({ detail, bubbles: true, composed: true }))));
  const state = createOpenState({
    inline,
    initiallyOpen: !!u.config().open,
    render: () => render(),
    restoreFocus: (opener) => (u.config().launcher === false ? (opener as HTMLElement | null)?.focus?.() : shell?.launcher.focus()),
    changed(open) {
      events.fire(open ? 'modal_opened' : 'modal_closed');
      dom(open ? 'open' : 'close', {});
      if (open) void session.loadHistory().then(undefined, report);
    },
  });
  const setOpen = (next: boolean, view?: WidgetView) => {
    if (next && view) panel.show(view);
    state.set(next);
  };
  // English (the launcher's until the panel chunk brings the rest), the locale's pack, the host's own.
  const strings = () => ({ ...shellStrings, ...panel.chunk()?.defaultStrings, ...locale.pack, ...u.config().strings }) as Strings;
  const panel = createPanelSide({
    ui: u, shell: () => shell, strings, locale: () => locale.code, focusKey: state.focusKey, close: () => setOpen(false), render: () => render(), guard,
    failed: (e) => (state.failed(), render(), report(e)),
  });
  const loadLocale = () => locale.want(u.config().locale ?? (document.documentElement.lang || navigator.language));
  const render = renderBatch(() => {
    if (!shell) return;
    shell.update({ config: u.config(), strings: strings(), open: state.isOpen(), unread: state.unread(), lang: locale.code, rtl: locale.rtl });
    if (state.isOpen() && !panel.mounted()) panel.load().then(undefined, report);
    panel.update();
  }, guard, () => destroyed);

  const toggle = guard(() => setOpen(inline() || !state.isOpen()));
  function attach(): void {
    if (destroyed) return;
    ({ host, shell } = mountHost(u.config(), u.deps.adoptShell, toggle, () => panel.load().then(undefined, report), report));
    loadLocale();
    render();
    if (inline()) panel.load().then(undefined, report);
    void session.loadHistory().then(undefined, report);
    // `ready` names the conversation this tab writes to, which the first loadHistory() may change (chat-session.ts `chosen`).
    void u.logger.ready().then(() => session.chosen()).then(() => {
      // A contact form sent on an earlier page and not finished yet: the sender is in the panel chunk.
      if (!destroyed && ticketsPending(u.names.ticketsPending)) panel.load().then(undefined, report);
      session.refresh();
      events.fire('widget_ready');
      dom('ready', { conversationId: session.conversationId() });
    }).then(undefined, report);
  }
  const onVisible = guard(() => document.visibilityState === 'visible' && state.isOpen() && session.loadHistory());
  document.addEventListener('visibilitychange', onVisible);
  const cleanups = [
    watchPageTriggers({ open: guard((view?: WidgetView) => setOpen(true, view)), toggle, shortcut: () => u.config().shortcut }),
    events.on('assistant_answer_displayed', () => state.answerShown()),
    whenPageReady(u.config(), !!u.deps.adoptShell, attach, guard(attach)),
    () => document.removeEventListener('visibilitychange', onVisible),
  ];

  return {
    setOpen,
    isOpen: state.isOpen,
    panelChunk: () => panel.load().then(() => panel.chunk()),
    configChanged: (localeChanged) => (localeChanged && loadLocale(), render()),
    render,
    dom,
    destroy() {
      destroyed = true;
      for (const c of cleanups.splice(0)) c();
      panel.destroy();
      host?.remove();
    },
  };
}
