/**
 * Composition root of the widget: the logging core, the answer source and the Preact UI, wired
 * together. The UI only gets state and callbacks; everything it shows a visitor typed is appended
 * to the durable outbox before anything else happens.
 */
import { createConversationLogger, type LoggerDeps } from './conversation-logger.ts';
import { uuidv7 } from './core/ids.ts';
import type {
  ConversationHandle, ConversationLogger, IdentitySnapshot, LoggerConfig, Message, MessageInput, OutboxStats, PrivacyPreferences, SupportCopilotError, UserIdentity,
} from './core/types.ts';
import { currentConversation } from './storage/current-conversation.ts';
import type { AnswerSource } from './chat/answer-source.ts';
import { createShell, type Shell } from './ui/shell.ts';
import type { PanelView, PanelViewProps } from './ui/panel-view.tsx';
import { defaultStrings } from './ui/strings.ts';
import type { MessageView } from './ui/types.ts';
import { warnUnknownKeys } from './core/config.ts';
import { checkWidgetConfig, loggerPart, WIDGET_KEYS, type WidgetConfig, type WidgetEvent, type WidgetEventName } from './widget-config.ts';

export type { WidgetConfig, WidgetEvent, WidgetEventName };

/** What `createSupportCopilot()` returns; every method is also a script-tag command by name. Reference: docs/api.md. */
export interface SupportCopilot {
  /** Opens the panel (its code loads on first open). */
  open(): void;
  /** Closes the panel; focus returns to the launcher. */
  close(): void;
  toggle(): void;
  /** The signed-in user (`null` to forget them). New messages carry `identificationType: 'ID_PROVIDED'`. */
  identify(user: UserIdentity | null): void;
  /** Logout: new anonymous id and a new conversation; undelivered data is still delivered. */
  reset(): void;
  /** Changes consent flags (merged with the current ones), effective at once. */
  setConsent(preferences: PrivacyPreferences): void;
  /** Changes options (merged). A new `apiKey` or `analyticsUrl` resumes blocked delivery; `open` and `container` are read at creation only. */
  update(config: Partial<WidgetConfig>): void;
  /** Adds a message to the current conversation (durable, then delivered) and shows it. */
  logMessage(message: MessageInput): Promise<Message>;
  /** Starts a new, empty conversation. */
  newConversation(): void;
  /** Tries to deliver everything now; rejects with a `SupportCopilotError` saying what is not delivered. */
  flush(): Promise<void>;
  /** The outbox: pending, in flight, delivered, rejected, blocked, storage mode. */
  stats(): OutboxStats;
  /** Who the visitor is, as the payload says it. */
  identity(): IdentitySnapshot;
  /** The conversation shown now. */
  currentConversation(): string;
  /** Subscribes to a widget event (or `'*'` for all); returns the unsubscribe function. */
  on(eventName: WidgetEventName | '*', listener: (event: WidgetEvent) => void): () => void;
  off(eventName: WidgetEventName | '*', listener: (event: WidgetEvent) => void): void;
  /** The conversation shown now. */
  readonly conversationId: string;
  /** The widget's headless core (feedback, events, logger events). */
  readonly logger: ConversationLogger;
  /** Removes every node, listener, timer and lock the widget created. Stored data stays. */
  destroy(): void;
}

/** Inkeep's widget logs these to `POST /events` too. */
const LOGGED_EVENTS: Partial<Record<WidgetEventName, string>> = { assistant_message_copied: 'message_copied' };

const toView = (m: Message): MessageView | null =>
  m.role === 'user' || m.role === 'assistant'
    ? { id: m.id ?? uuidv7(), role: m.role, content: m.content ?? '', links: m.links ?? null, state: 'done' }
    : null;

export interface WidgetDeps extends LoggerDeps {
  /** Loads the panel chunk (UI and answer source): `import()` for npm, a sibling script for the script tag. */
  loadPanel: () => Promise<typeof import('./panel-chunk.ts')>;
}

export function createWidget(config: WidgetConfig, deps: WidgetDeps): SupportCopilot {
  if (typeof document === 'undefined') {
    throw new Error('createSupportCopilot() runs in the browser only: call it in an effect (useEffect, onMounted), not during server-side rendering');
  }
  let wc = checkWidgetConfig(config);
  const listeners = new Map<string, Set<(e: WidgetEvent) => void>>();
  let host: HTMLElement | undefined;
  let shell: Shell | undefined;
  let panel: PanelView | undefined;
  let panelLoading: Promise<void> | undefined;
  let chunk: typeof import('./panel-chunk.ts') | undefined;
  let focusKey = 0;
  let destroyed = false;
  let answerCtrl: AbortController | undefined;
  const cleanups: (() => void)[] = [];

  const state = { open: !!wc.open, messages: [] as MessageView[], busy: false, notice: null as string | null, pending: 0 };

  function fire(eventName: WidgetEventName, properties: Record<string, unknown> = {}): void {
    const event = { eventName, properties };
    for (const l of [wc.onEvent, ...(listeners.get(eventName) ?? []), ...(listeners.get('*') ?? [])]) {
      try {
        l?.(event);
      } catch (e) {
        setTimeout(() => {
          throw e;
        });
      }
    }
  }
  function dom(name: string, detail: unknown): void {
    host?.dispatchEvent(new CustomEvent(`support-copilot:${name}`, { detail, bubbles: true, composed: true }));
  }
  function reportError(e: unknown): void {
    const error = e as SupportCopilotError;
    fire('error', { code: error?.code, message: error?.message });
    dom('error', error);
  }

  const logger = createConversationLogger(
    {
      ...(loggerPart(wc) as LoggerConfig),
      onError(e) {
        if (e.code === 'unauthorized') state.notice = 'Messages cannot be delivered right now (configuration error).';
        if (e.code === 'storage_full') state.notice = e.message;
        render();
        reportError(e);
        wc.onError?.(e);
      },
    },
    deps,
  );
  const prefs = () => wc.privacyPreferences ?? {};
  const pointer = currentConversation(() => !prefs().optOutFunctionalCookies);
  const ticketFields = () => ({ supportTicketConversationId: wc.ticket?.id ?? null, externalUrl: wc.ticket?.url ?? null });
  const remembered = pointer.get();
  let conv: ConversationHandle = startConversation(remembered);
  // A remembered id with nothing stored on this device (evicted, or storage cleared) must not be
  // continued: its first request would replace the server's full list with a partial one.
  let mustHaveHistory = !!remembered;

  function startConversation(id?: string): ConversationHandle {
    const handle = logger.conversation({ ...(id ? { id } : {}), ...ticketFields() });
    pointer.set(handle.id);
    return handle;
  }

  /** Shows the stored history; a remembered id with nothing stored here starts afresh, so a partial list can never replace the server's. */
  async function loadHistory(): Promise<void> {
    const current = pointer.get();
    if (current && current !== conv.id && !state.busy) {
      // Another tab started a new conversation: follow it.
      conv = startConversation(current);
      mustHaveHistory = true;
    }
    const forConv = conv;
    const stored = await forConv.messages();
    if (forConv !== conv || state.busy) return;
    if (stored.length === 0) {
      if (mustHaveHistory && state.messages.length === 0) conv = startConversation();
      mustHaveHistory = false;
      return;
    }
    mustHaveHistory = false;
    state.messages = stored.map(toView).filter((v): v is MessageView => v !== null);
    render();
  }

  // Render at most once per task: a streaming answer updates state many times per frame.
  let renderQueued = false;
  function render(): void {
    if (renderQueued || destroyed) return;
    renderQueued = true;
    queueMicrotask(() => {
      renderQueued = false;
      if (destroyed || !shell) return;
      const s = { ...defaultStrings, ...wc.strings };
      shell.update({ theme: wc.theme ?? 'auto', primaryColor: wc.primaryColor, label: s.launcher, open: state.open });
      if (state.open) void showPanel();
      panel?.update(props());
    });
  }

  /** Loads the panel chunk once (on first open, or early when the visitor points at the launcher). */
  function loadPanel(): Promise<void> {
    return (panelLoading ??= deps.loadPanel().then(
      (m) => {
        chunk = m;
        if (destroyed || !shell) return;
        panel = m.mountPanel(shell.slot, shell.root, props());
        render();
      },
      (e) => {
        panelLoading = undefined;
        state.open = false;
        state.notice = null;
        render();
        reportError(e);
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

  function setView(id: string, patch: Partial<MessageView>): void {
    state.messages = state.messages.map((m) => (m.id === id ? { ...m, ...patch } : m));
    render();
  }

  async function sendUser(text: string, id = uuidv7()): Promise<void> {
    if (!state.messages.some((m) => m.id === id)) state.messages = [...state.messages, { id, role: 'user', content: text, state: 'done' }];
    setView(id, { state: 'done', error: undefined });
    try {
      await conv.append({ id, role: 'user', content: text }).catch((e: SupportCopilotError) => {
        if (e?.code !== 'quarantined' && e?.code !== 'conversation_gone') throw e;
        // Its stored history was damaged and set aside, or evicted: carry on in a new conversation.
        conv = startConversation();
        return conv.append({ id, role: 'user', content: text });
      });
    } catch (e) {
      // Not stored: keep it on screen with the reason and a Retry, never drop it.
      setView(id, { state: 'error', error: `Not saved: ${(e as Error).message}` });
      throw e;
    }
    fire('user_message_submitted', { conversationId: conv.id, messageId: id, content: text });
    dom('message', { conversationId: conv.id, messageId: id, role: 'user', content: text });
    await answer();
  }

  async function answer(): Promise<void> {
    if (wc.chat && !wc.answer) await loadPanel();
    const src: AnswerSource | undefined = wc.answer ?? (wc.chat && chunk ? chunk.openAiCompatibleSource(wc.chat) : undefined);
    if (!src) return;
    answerCtrl?.abort();
    const ctrl = (answerCtrl = new AbortController());
    const forConv = conv;
    const id = uuidv7();
    const history = state.messages.filter((m) => m.state === 'done').map((m) => ({ role: m.role, content: m.content }));
    state.messages = [...state.messages, { id, role: 'assistant', content: '', state: 'streaming' }];
    state.busy = true;
    render();
    const timeoutMs = wc.answerTimeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ctrl.abort(new Error(`No answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    };
    let content = '';
    try {
      arm();
      for await (const delta of src({ conversationId: forConv.id, messages: history, signal: ctrl.signal })) {
        if (ctrl.signal.aborted) throw ctrl.signal.reason;
        arm();
        content += String(delta);
        setView(id, { content });
      }
      if (ctrl.signal.aborted) throw ctrl.signal.reason;
      const links = chunk ? chunk.extractLinks(content) : [];
      await forConv.append({ id, role: 'assistant', content, links });
      // Finished (with Helpful / Not helpful) once it is durable, like the user's own messages.
      setView(id, { state: 'done', links });
      fire('assistant_message_received', { conversationId: forConv.id, messageId: id, content });
      dom('message', { conversationId: forConv.id, messageId: id, role: 'assistant', content });
    } catch (e) {
      if (answerCtrl !== ctrl && ctrl.signal.aborted) return; // superseded: new conversation or destroy
      const message = (e as Error)?.message ?? String(e);
      setView(id, { state: 'error', error: message });
      fire('assistant_answer_failed', { conversationId: forConv.id, messageId: id, error: message });
    } finally {
      clearTimeout(timer);
      if (answerCtrl === ctrl) {
        answerCtrl = undefined;
        state.busy = false;
        render();
      }
    }
  }

  function setOpen(open: boolean): void {
    if (state.open === open) return;
    state.open = open;
    if (open) focusKey++;
    render();
    // After the render microtask has shown the launcher again: focus returns where it came from.
    if (!open) queueMicrotask(() => shell?.launcher.focus());
    fire(open ? 'modal_opened' : 'modal_closed');
    dom(open ? 'open' : 'close', {});
    if (open) void loadHistory().catch(reportError);
  }

  function newConversation(): void {
    answerCtrl?.abort();
    answerCtrl = undefined;
    conv = startConversation();
    state.messages = [];
    state.busy = false;
    render();
  }

  function props(): PanelViewProps {
    return {
      focusKey,
      messages: state.messages,
      strings: { ...defaultStrings, ...wc.strings },
      busy: state.busy,
      pending: state.pending,
      notice: state.notice,
      onClose: guard(() => setOpen(false)),
      onSend: guard((text: string) => sendUser(text)),
      onFeedback: guard(async (messageId: string, type: 'positive' | 'negative') => {
        setView(messageId, { feedback: type });
        // One feedback document per message: changing the vote updates it (the API upserts by id).
        await logger.feedback({ id: `${messageId}-feedback`, messageId, type });
        fire(type === 'positive' ? 'assistant_positive_feedback_submitted' : 'assistant_negative_feedback_submitted', { conversationId: conv.id, messageId });
      }),
      onCopy: guard(async (messageId: string) => {
        const m = state.messages.find((v) => v.id === messageId);
        if (!m) return;
        await navigator.clipboard?.writeText(m.content).catch(() => {});
        fire('assistant_message_copied', { conversationId: conv.id, messageId });
        await logger.event({ type: LOGGED_EVENTS.assistant_message_copied!, entityType: 'message', messageId });
      }),
      onRetry: guard(async (messageId: string) => {
        const m = state.messages.find((v) => v.id === messageId);
        if (!m || state.busy) return;
        if (m.role === 'user') return sendUser(m.content, m.id);
        state.messages = state.messages.filter((v) => v.id !== messageId);
        return answer();
      }),
      onNewConversation: guard(() => {
        newConversation();
        fire('chat_clear_button_clicked', { conversationId: conv.id });
      }),
    };
  }

  const refreshPending = () => {
    state.pending = logger.stats().pending;
    if (state.pending === 0 && state.notice && logger.stats().blocked === 0) state.notice = null;
    render();
  };
  cleanups.push(logger.on(refreshPending));

  function attach(): void {
    if (destroyed) return;
    host = document.createElement('div');
    host.setAttribute('data-support-copilot', '');
    (wc.container ?? document.body).appendChild(host);
    shell = createShell(host, guard(() => setOpen(true)), () => void loadPanel());
    render();
    void loadHistory().catch(reportError);
    void logger.ready().then(() => {
      refreshPending();
      fire('widget_ready', { conversationId: conv.id });
      dom('ready', { conversationId: conv.id });
    });
  }
  if (document.body || wc.container) attach();
  else {
    // A synchronous script in <head>: wait for the body.
    document.addEventListener('DOMContentLoaded', attach, { once: true });
    cleanups.push(() => document.removeEventListener('DOMContentLoaded', attach));
  }
  const onVisible = () => document.visibilityState === 'visible' && state.open && void loadHistory().catch(reportError);
  document.addEventListener('visibilitychange', onVisible);
  cleanups.push(() => document.removeEventListener('visibilitychange', onVisible));

  const api: SupportCopilot = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!state.open),
    identify(user) {
      logger.identify(user);
      fire('identify', { id: user?.id ?? null });
    },
    reset() {
      logger.reset();
      newConversation();
    },
    setConsent(preferences) {
      logger.setConsent(preferences);
      wc = { ...wc, privacyPreferences: { ...prefs(), ...preferences } };
      pointer.set(conv.id);
    },
    update(partial) {
      warnUnknownKeys(partial, WIDGET_KEYS);
      const next = checkWidgetConfig({ ...wc, ...partial }, false);
      logger.update(loggerPart(partial));
      wc = next;
      if (partial.ticket) conv.set(ticketFields());
      if (partial.privacyPreferences) pointer.set(conv.id);
      render();
    },
    async logMessage(message) {
      const stored = await conv.append(message);
      const view = toView(stored);
      if (view && !state.messages.some((m) => m.id === view.id)) {
        state.messages = [...state.messages, view];
        render();
      }
      return stored;
    },
    newConversation,
    flush: () => logger.flush(),
    stats: () => logger.stats(),
    identity: () => logger.identity(),
    currentConversation: () => conv.id,
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => api.off(name, listener);
    },
    off(name, listener) {
      listeners.get(name)?.delete(listener);
    },
    get conversationId() {
      return conv.id;
    },
    logger,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      answerCtrl?.abort();
      for (const c of cleanups.splice(0)) c();
      panel?.unmount();
      host?.remove();
      listeners.clear();
      logger.destroy();
    },
  };
  return api;
}
