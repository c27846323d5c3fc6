/**
 * Composition root of the widget: wires the logging core, the chat session, the plain-DOM shell and
 * the lazy Preact panel, and exposes the public API. The UI only gets state and callbacks; what a
 * visitor types is appended to the durable outbox before anything else happens (chat-session.ts).
 */
import { createChatSession, type ChatSession } from './chat-session.ts';
import { createConversationLogger, type LoggerDeps } from './conversation-logger.ts';
import { warnUnknownKeys } from './core/config.ts';
import { uuidv7 } from './core/ids.ts';
import { asSupportCopilotError, SupportCopilotError } from './core/support-copilot-error.ts';
import type { LoggerConfig } from './core/public-types.ts';
import type { Strings, SupportCopilot, WidgetConfig, WidgetEventName, WidgetView } from './core/widget-types.ts';
import { currentConversation } from './storage/current-conversation.ts';
import type { PanelView, PanelViewProps } from './ui/panel-view.tsx';
import { createShell, type Shell } from './ui/shell.ts';
import { shellStrings } from './ui/shell-strings.ts';
import type { AroundController } from './around/around-controller.ts';
import { pageContext } from './core/page-context.ts';
import { ticketsPending } from './tickets/tickets-pending.ts';
import { localePack } from './ui/locale-pack.ts';
import { watchPageTriggers } from './ui/page-triggers.ts';
import { checkWidgetConfig, loggerPart, WIDGET_KEYS } from './widget-config.ts';
import { createEventBus } from './widget-events.ts';
import { answerRules } from './chat/answer-rules.ts';

export interface WidgetDeps extends LoggerDeps {
  /** Loads the panel chunk (UI and answer source): `import()` for npm, a sibling script for the script tag. */
  loadPanel: () => Promise<typeof import('./panel-chunk.ts')>;
  // Around the chat (issue 13)
  /** Loads a language pack other than English: `import()` for npm, a sibling script for the script tag. */
  loadLocale?: (code: string) => Promise<Partial<Strings>>;
  /** The launcher the script tag painted before this code loaded: handed over with the widget's callbacks. */
  adoptShell?: (onToggle: () => void, prefetch: () => void) => { host: HTMLElement; shell: Shell };
}

export function createWidget(config: WidgetConfig, deps: WidgetDeps): SupportCopilot {
  if (typeof document === 'undefined') {
    throw new SupportCopilotError('invalid_input', 'createSupportCopilot() runs in the browser only: call it in an effect (useEffect, onMounted), not during server-side rendering');
  }
  let wc = checkWidgetConfig(config);
  let host: HTMLElement | undefined;
  let shell: Shell | undefined;
  let panel: PanelView | undefined;
  let panelLoading: Promise<void> | undefined;
  let chunk: typeof import('./panel-chunk.ts') | undefined;
  let focusKey = 0;
  const inline = () => wc.mode === 'inline';
  let open = !!wc.open || inline();
  let destroyed = false;
  // Around the chat (issue 13)
  let around: AroundController | undefined;
  let pendingView: WidgetView | undefined;
  let unread = 0;
  let opener: Element | null = null;
  const locale = localePack(deps.loadLocale, () => render(), (e) => reportError(e));
  const cleanups: (() => void)[] = [];

  const dom = (name: string, detail: unknown) => host?.dispatchEvent(new CustomEvent(`support-copilot:${name}`, { detail, bubbles: true, composed: true }));
  function reportError(e: unknown): void {
    const error = asSupportCopilotError(e, 'unexpected', 'Unexpected error');
    events.fire('error', { code: error.code, error: error.message });
    dom('error', error);
  }
  const alive = () => {
    if (destroyed) throw new SupportCopilotError('destroyed', 'This widget was destroyed: create a new one');
  };

  // Declared before the logger, which may report (storage unavailable) before the session exists.
  let sessionRef: ChatSession | undefined;
  const logger = createConversationLogger(
    {
      ...(loggerPart(wc) as LoggerConfig),
      onError(e) {
        sessionRef?.loggerError(e);
        reportError(e);
        wc.onError?.(e);
      },
    },
    deps,
  );
  const pointer = currentConversation(() => !logger.consent().optOutFunctionalCookies);
  const page = () => pageContext(location.href, document.title, wc.pageContext);
  const session = (sessionRef = createChatSession({
    logger,
    pointer,
    // No `ticket` option: fields a contact form's ticket wrote onto the conversation stay.
    fields: () => ('ticket' in wc ? { supportTicketConversationId: wc.ticket?.id ?? null, externalUrl: wc.ticket?.url ?? null } : {}),
    pageContext: page,
    async answering() {
      if (!wc.chat && !wc.answer) return undefined;
      // The answering code is in the panel chunk: a question left unanswered loads it (a reload, another tab).
      await loadPanel();
      if (!chunk) throw new SupportCopilotError('panel_unavailable', 'The chat panel could not be loaded');
      return chunk.createAnswering(wc.answer ?? chunk.openAiCompatibleSource(wc.chat!), answerRules);
    },
    answerTimeoutMs: () => wc.answerTimeoutMs ?? 30_000,
    newId: () => uuidv7(),
    fire: (name, properties) => events.fire(name, properties),
    message: (detail) => dom('message', detail),
    changed: render,
  }));
  const events = createEventBus({
    onEvent: () => wc.onEvent,
    conversation: () => session.snapshot(),
    userProperties: () => logger.identity().userProperties,
    log: (input) => logger.event(input),
    report: reportError,
  });

  // Render at most once per task: a streaming answer updates state many times per frame.
  let renderQueued = false;
  function render(): void {
    if (renderQueued || destroyed) return;
    renderQueued = true;
    queueMicrotask(() => {
      renderQueued = false;
      if (destroyed || !shell) return;
      shell.update({ config: wc, strings: strings(), open, unread, lang: locale.code, rtl: locale.rtl });
      if (open) void showPanel();
      panel?.update(props());
    });
  }
  // English (the launcher's until the panel chunk brings the rest), the locale's pack, the host's own.
  const strings = () => ({ ...shellStrings, ...chunk?.defaultStrings, ...locale.pack, ...wc.strings }) as Strings;
  const loadLocale = () => locale.want(wc.locale ?? (document.documentElement.lang || navigator.language));

  /** Loads the panel chunk once (on first open, or early when the visitor points at the launcher). */
  function loadPanel(): Promise<void> {
    return (panelLoading ??= deps.loadPanel().then(
      (m) => {
        chunk = m;
        if (destroyed || !shell) return;
        const aroundDeps = { config: () => wc, strings, locale: () => locale.code, logger, session, pointer, events, pageContext: page, newId: () => uuidv7() };
        around = m.createAroundController({ ...aroundDeps, close: () => setOpen(false), changed: render, report: reportError, view: pendingView });
        panel = m.mountPanel(shell.slot, shell.root, props());
        cleanups.push(m.extendShell(shell));
        render();
      },
      (e) => {
        panelLoading = undefined;
        open = false;
        render();
        reportError(new SupportCopilotError('panel_unavailable', (e as Error)?.message ?? String(e), { cause: e }));
      },
    ));
  }
  async function showPanel(): Promise<void> {
    if (!panel) await loadPanel();
  }

  const guard =
    <A extends unknown[]>(fn: (...a: A) => unknown) =>
    (...a: A): void => {
      try {
        const r = fn(...a);
        if (r instanceof Promise) r.catch(reportError);
      } catch (e) {
        reportError(e);
      }
    };

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
    if (!open) queueMicrotask(() => (wc.launcher === false ? (opener as HTMLElement | null)?.focus?.() : shell?.launcher.focus()));
    events.fire(open ? 'modal_opened' : 'modal_closed');
    dom(open ? 'open' : 'close', {});
    if (open) void session.loadHistory().catch(reportError);
  }

  function props(): PanelViewProps {
    const { messages, busy, pending, notice } = session.state;
    return {
      focusKey,
      config: wc,
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

  cleanups.push(logger.on((e) => session.refresh(e)));

  function attach(): void {
    if (destroyed) return;
    if (deps.adoptShell) ({ host, shell } = deps.adoptShell(guard(() => setOpen(!open)), () => void loadPanel()));
    else {
      host = document.createElement('div');
      host.setAttribute('data-support-copilot', '');
      const container = typeof wc.container === 'string' ? document.querySelector<HTMLElement>(wc.container) : wc.container;
      if (container === null) reportError(new SupportCopilotError('invalid_input', `container: no element matches ${wc.container}`));
      (container ?? document.body).appendChild(host);
      shell = createShell(host, guard(() => setOpen(!open)), () => void loadPanel());
    }
    loadLocale();
    render();
    if (inline()) void loadPanel();
    void session.loadHistory().catch(reportError);
    void logger.ready().then(() => {
      // A contact form sent on an earlier page and not finished yet: the sender is in the panel chunk.
      if (!destroyed && ticketsPending()) void loadPanel();
      session.refresh();
      events.fire('widget_ready');
      dom('ready', { conversationId: session.conversationId() });
    });
  }
  // Around the chat (issue 13): triggers, shortcut, the unread badge.
  cleanups.push(
    watchPageTriggers({ open: (view) => api.open(view), toggle: () => api.toggle(), shortcut: () => wc.shortcut }),
    events.on('assistant_answer_displayed', () => void (open || (unread++, render()))),
  );

  // The script tag's launcher is already on the page (its loader waited for the body and the container).
  if (deps.adoptShell || (typeof wc.container === 'string' ? document.readyState !== 'loading' : document.body || wc.container)) attach();
  else {
    // A synchronous script in <head>: wait for the body.
    document.addEventListener('DOMContentLoaded', attach, { once: true });
    cleanups.push(() => document.removeEventListener('DOMContentLoaded', attach));
  }
  const onVisible = () => document.visibilityState === 'visible' && open && void session.loadHistory().catch(reportError);
  document.addEventListener('visibilitychange', onVisible);
  cleanups.push(() => document.removeEventListener('visibilitychange', onVisible));

  const api: SupportCopilot = {
    open: (view) => setOpen(true, view),
    close: () => setOpen(false),
    toggle: () => setOpen(inline() || !open),
    identify(user) {
      logger.identify(user);
      events.fire('identify', { userId: user?.id ?? null });
    },
    reset() {
      logger.reset();
      session.newConversation();
    },
    setConsent(preferences) {
      logger.setConsent(preferences);
      session.consentChanged();
    },
    update(partial) {
      warnUnknownKeys(partial, WIDGET_KEYS);
      // Each level validates its own part of the merged configuration once: the widget here, the logger in update().
      const next = checkWidgetConfig({ ...wc, ...partial }, false);
      logger.update(loggerPart(partial));
      wc = next;
      if ('locale' in partial) loadLocale();
      if (partial.ticket) session.fieldsChanged();
      if (partial.privacyPreferences) session.consentChanged();
      render();
    },
    async logMessage(message) {
      alive();
      return session.log(message);
    },
    newConversation: () => session.newConversation(),
    flush: () => logger.flush(),
    stats: () => logger.stats(),
    identity: () => logger.identity(),
    currentConversation: () => session.conversationId(),
    on: (name, listener) => events.on(name, listener),
    off: (name, listener) => events.off(name, listener),
    get conversationId() {
      return session.conversationId();
    },
    logger,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      session.stop();
      for (const c of cleanups.splice(0)) c();
      around?.destroy();
      panel?.unmount();
      host?.remove();
      events.clear();
      logger.destroy();
    },
  };
  return api;
}
