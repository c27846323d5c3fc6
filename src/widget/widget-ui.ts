/**
 * What the visitor sees, for the composition root (widget.ts): the plain-DOM shell (launcher,
 * painted at once), the lazy Preact panel (loaded on first open, or early when the visitor points
 * at the launcher), open/closed state with focus and the unread badge, the page's triggers, and the
 * language. It renders from the chat session's state and hands the visitor's actions back to it;
 * every callback it gives the UI reports its own errors instead of throwing into the page.
 */
import type { ChatSession } from '../chat/chat-session.ts';
import { uuidv7 } from '../core/ids.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';
import type { ConversationLogger } from '../core/public-types.ts';
import type { PageContext, Strings, WidgetConfig, WidgetEventName, WidgetView } from '../widget-core/widget-types.ts';
import type { AroundController, createAroundController } from '../around/around-controller.ts';
import type { createAnswering } from '../chat/answering.ts';
import type { openAiCompatibleSource } from '../chat/openai-compatible-source.ts';
import type { extendShell } from '../ui/shell/shell-extras.ts';
import type { CurrentConversation } from '../storage/current-conversation.ts';
import { ticketsPending } from '../tickets/tickets-pending.ts';
import type { mountPanel, PanelView, PanelViewProps } from '../ui/panel/panel-view.tsx';
import { localePack } from '../ui/shell/locale-pack.ts';
import { watchPageTriggers } from '../ui/shell/page-triggers.ts';
import { createShell, type Shell } from '../ui/shell/shell.ts';
import { shellStrings } from '../ui/shell/shell-strings.ts';
import type { EventBus } from './widget-events.ts';
import { bare } from '../core/own-copy.ts';
import { guarded } from '../core/guarded.ts';

/** What the panel chunk (entries/panel-chunk.ts) hands the widget once loaded. */
export interface PanelChunk {
  mountPanel: typeof mountPanel;
  openAiCompatibleSource: typeof openAiCompatibleSource;
  createAnswering: typeof createAnswering;
  createAroundController: typeof createAroundController;
  defaultStrings: Strings;
  extendShell: typeof extendShell;
}

/** How the UI's code and texts arrive: differently for the npm package and the script tag. */
export interface UiLoaders {
  /** Loads the panel chunk (UI and answer source): `import()` for npm, a sibling script for the script tag. */
  loadPanel: () => Promise<PanelChunk>;
  /** Loads a language pack other than English: `import()` for npm, a sibling script for the script tag. */
  loadLocale?: (code: string) => Promise<Partial<Strings>>;
  /** The launcher the script tag painted before this code loaded: handed over with the widget's callbacks. */
  adoptShell?: (onToggle: () => void, prefetch: () => void) => { host: HTMLElement; shell: Shell };
}

export interface WidgetUiDeps {
  config: () => WidgetConfig;
  deps: UiLoaders;
  logger: ConversationLogger;
  session: ChatSession;
  pointer: CurrentConversation;
  events: EventBus;
  pageContext: () => PageContext | null;
  report: (e: unknown) => void;
}

export interface WidgetUi {
  /** Shows (with an optional view) or hides the panel; inline, "open" moves focus into it. */
  setOpen(next: boolean, view?: WidgetView): void;
  isOpen(): boolean;
  /** Loads the panel chunk once; resolves to it (undefined once destroyed or when it failed). */
  panelChunk(): Promise<PanelChunk | undefined>;
  /** The configuration changed: follow its language, render again. */
  configChanged(localeChanged: boolean): void;
  render(): void;
  /** Dispatches `support-copilot:<name>` on the widget's element (bubbling, composed). */
  dom(name: string, detail: unknown): void;
  destroy(): void;
}

export function createWidgetUi(u: WidgetUiDeps): WidgetUi {
  const { session, events, report } = u;
  // Every callback the UI, the browser or the page gets reports its own errors (core/guarded.ts).
  const guard = <A extends unknown[]>(fn: (...a: A) => unknown) => guarded(fn, report);
  const inline = () => u.config().mode === 'inline';
  let host: HTMLElement | undefined;
  let shell: Shell | undefined;
  let panel: PanelView | undefined;
  let panelLoading: Promise<void> | undefined;
  let chunk: PanelChunk | undefined;
  let around: AroundController | undefined;
  let pendingView: WidgetView | undefined;
  let focusKey = 0;
  let open = !!u.config().open || inline();
  let unread = 0;
  let opener: Element | null = null;
  let destroyed = false;
  const cleanups: (() => void)[] = [];
  const locale = localePack(u.deps.loadLocale, () => render(), report);

  // English (the launcher's until the panel chunk brings the rest), the locale's pack, the host's own.
  const strings = () => ({ ...shellStrings, ...chunk?.defaultStrings, ...locale.pack, ...u.config().strings }) as Strings;
  const loadLocale = () => locale.want(u.config().locale ?? (document.documentElement.lang || navigator.language));

  // Render at most once per task: a streaming answer updates state many times per frame.
  let renderQueued = false;
  function render(): void {
    if (renderQueued || destroyed) return;
    renderQueued = true;
    queueMicrotask(
      guard(() => {
        renderQueued = false;
        if (destroyed || !shell) return;
        shell.update({ config: u.config(), strings: strings(), open, unread, lang: locale.code, rtl: locale.rtl });
        if (open && !panel) void loadPanel();
        panel?.update(props());
      }),
    );
  }

  function loadPanel(): Promise<void> {
    return (panelLoading ??= u.deps.loadPanel().then(
      guard((m: PanelChunk) => {
        chunk = m;
        if (destroyed || !shell) return;
        const aroundDeps = { config: u.config, strings, locale: () => locale.code, logger: u.logger, session, pointer: u.pointer, events, pageContext: u.pageContext, newId: () => uuidv7() };
        around = m.createAroundController({ ...aroundDeps, close: () => setOpen(false), changed: render, report, view: pendingView });
        panel = m.mountPanel(shell.slot, shell.root, props());
        cleanups.push(m.extendShell(shell));
        render();
      }),
      (e) => {
        panelLoading = undefined;
        open = false;
        render();
        report(new SupportCopilotError('panel_unavailable', (e as Error)?.message ?? String(e), { cause: e }));
      },
    ));
  }

  const dom = (name: string, detail: unknown) => void host?.dispatchEvent(new CustomEvent(`support-copilot:${name}`, bare({ detail, bubbles: true, composed: true })));

  function setOpen(next: boolean, view?: WidgetView): void {
    if (next && view) around?.show((pendingView = view));
    // Inline, the panel is always there: "open" moves focus into it, "close" does nothing.
    if (inline()) return void (next && (focusKey++, render()));
    if (open === next) return;
    open = next;
    if (open) {
      focusKey++;
      unread = 0;
      opener = document.activeElement;
    }
    render();
    // After the render microtask: focus returns to the launcher, or to the page's own trigger when there is none.
    if (!open) queueMicrotask(() => (u.config().launcher === false ? (opener as HTMLElement | null)?.focus?.() : shell?.launcher.focus()));
    events.fire(open ? 'modal_opened' : 'modal_closed');
    dom(open ? 'open' : 'close', {});
    if (open) void session.loadHistory().catch(report);
  }

  function props(): PanelViewProps {
    const { messages, busy, pending, notice } = session.state;
    return {
      focusKey,
      config: u.config(),
      messages,
      strings: strings(),
      busy,
      pending,
      notice,
      onClose: guard(() => setOpen(false)),
      onSend: guard((text: string) => session.send(text)),
      onFeedback: guard((messageId: string, type: 'positive' | 'negative', reasons?: string[], details?: string) => session.feedback(messageId, type, reasons, details)),
      // The panel copies (what the visitor reads) and reports it, with copied code, sources and links opened.
      onAction: guard((name: WidgetEventName, properties?: Record<string, unknown>) => events.fire(name, properties)),
      onRetry: guard((messageId: string) => session.retry(messageId)),
      onStop: guard(() => session.stopAnswer()),
      onRegenerate: guard(() => session.regenerate()),
      around: around?.props(),
      onNewConversation: guard(() => {
        // Fired before it goes, like Inkeep's: the event carries the conversation being cleared.
        events.fire('chat_clear_button_clicked');
        session.newConversation();
      }),
    };
  }

  const toggle = guard(() => setOpen(inline() || !open));
  function attach(): void {
    if (destroyed) return;
    const wc = u.config();
    if (u.deps.adoptShell) ({ host, shell } = u.deps.adoptShell(toggle, () => void loadPanel()));
    else {
      host = document.createElement('div');
      host.setAttribute('data-support-copilot', '');
      let container: HTMLElement | null | undefined = null;
      try {
        container = typeof wc.container === 'string' ? document.querySelector<HTMLElement>(wc.container) : wc.container;
      } catch {
        // querySelector throws a SyntaxError on a selector like '#': reported like one that matches nothing.
      }
      (container ?? document.body).appendChild(host);
      // Once the widget is wired: its `support-copilot:error` is dispatched on this element.
      if (container === null) queueMicrotask(() => report(new SupportCopilotError('invalid_input', `container: no element matches ${wc.container}`)));
      shell = createShell(host, toggle, () => void loadPanel());
    }
    loadLocale();
    render();
    if (inline()) void loadPanel();
    void session.loadHistory().catch(report);
    void u.logger.ready().then(() => {
      // A contact form sent on an earlier page and not finished yet: the sender is in the panel chunk.
      if (!destroyed && ticketsPending()) void loadPanel();
      session.refresh();
      events.fire('widget_ready');
      dom('ready', { conversationId: session.conversationId() });
    }).catch(report);
  }
  cleanups.push(
    watchPageTriggers({ open: guard((view?: WidgetView) => setOpen(true, view)), toggle, shortcut: () => u.config().shortcut }),
    events.on('assistant_answer_displayed', () => void (open || (unread++, render()))),
  );

  // The script tag's launcher is already on the page (its loader waited for the body and the container).
  const wc = u.config();
  if (u.deps.adoptShell || (typeof wc.container === 'string' ? document.readyState !== 'loading' : document.body || wc.container)) attach();
  else {
    // A synchronous script in <head>: wait for the body.
    const attachLater = guard(attach);
    document.addEventListener('DOMContentLoaded', attachLater, bare({ once: true }));
    cleanups.push(() => document.removeEventListener('DOMContentLoaded', attachLater));
  }
  const onVisible = guard(() => document.visibilityState === 'visible' && open && session.loadHistory());
  document.addEventListener('visibilitychange', onVisible);
  cleanups.push(() => document.removeEventListener('visibilitychange', onVisible));

  return {
    setOpen,
    isOpen: () => open,
    panelChunk: () => loadPanel().then(() => chunk),
    configChanged(localeChanged) {
      if (localeChanged) loadLocale();
      render();
    },
    render,
    dom,
    destroy() {
      destroyed = true;
      for (const c of cleanups.splice(0)) c();
      around?.destroy();
      panel?.unmount();
      host?.remove();
    },
  };
}
