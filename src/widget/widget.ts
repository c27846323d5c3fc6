/**
 * Composition root of the widget: wires the logging core, the chat session, the event bus and what
 * the visitor sees (widget-ui.ts: the plain-DOM shell and the lazy Preact panel), and exposes the
 * public API. What a visitor types is appended to the durable outbox before anything else happens
 * (chat-session.ts).
 */
import { createChatSession, type ChatSession } from '../chat/chat-session.ts';
import { createConversationLogger, type LoggerDeps } from '../logger/conversation-logger.ts';
import { warnUnknownKeys } from '../core/config.ts';
import { uuidv7 } from '../core/ids.ts';
import { asSupportCopilotError, SupportCopilotError } from '../core/support-copilot-error.ts';
import type { LoggerConfig } from '../core/public-types.ts';
import type { SupportCopilot, WidgetConfig } from '../widget-core/widget-types.ts';
import { currentConversation } from '../storage/current-conversation.ts';
import { pageContext } from '../widget-core/page-context.ts';
import { checkWidgetConfig, loggerPart, WIDGET_KEYS } from './widget-config.ts';
import { ownCopy } from '../core/own-copy.ts';
import { createEventBus, type EventBus } from './widget-events.ts';
import { createWidgetUi, type UiLoaders, type WidgetUi } from './widget-ui.ts';
import { answerRules } from '../chat/answer-rules.ts';

export interface WidgetDeps extends LoggerDeps, UiLoaders {}

export function createWidget(config: WidgetConfig, deps: WidgetDeps): SupportCopilot {
  if (typeof document === 'undefined') {
    throw new SupportCopilotError('invalid_input', 'createSupportCopilot() runs in the browser only: call it in an effect (useEffect, onMounted), not during server-side rendering');
  }
  let destroyed = false;
  // Declared before anything that may report: the logger can report while it is being created
  // (storage unavailable), before the session, the event bus and the UI exist.
  let session: ChatSession | undefined;
  let events: EventBus | undefined;
  let ui: WidgetUi | undefined;
  // Reported before the event bus exists: fired once it does (never, if creation fails: then the
  // console line and the thrown error say it).
  const early: SupportCopilotError[] = [];
  function reportError(e: unknown): void {
    const error = asSupportCopilotError(e, 'unexpected', 'Unexpected error');
    if (!events) return void early.push(error);
    events.fire('error', { code: error.code, error: error.message });
    ui?.dom('error', error);
  }
  /** An option refused at the door (its default used, or its current value kept by `update`): in the console too. */
  function refuse(e: SupportCopilotError): void {
    console.error('[SupportCopilot]', e.message);
    reportError(e);
  }
  let wc = checkWidgetConfig(config, true, refuse);
  const alive = () => {
    if (destroyed) throw new SupportCopilotError('destroyed', 'This widget was destroyed: create a new one');
  };

  const logger = createConversationLogger(
    {
      ...(loggerPart(wc) as LoggerConfig),
      onError(e) {
        session?.loggerError(e);
        reportError(e);
        wc.onError?.(e);
      },
    },
    deps,
  );
  const pointer = currentConversation(() => !logger.consent().optOutFunctionalCookies);
  const page = () => pageContext(location.href, document.title, wc.pageContext);
  const s = (session = createChatSession({
    logger,
    pointer,
    // No `ticket` option: fields a contact form's ticket wrote onto the conversation stay.
    fields: () => ('ticket' in wc ? { supportTicketConversationId: wc.ticket?.id ?? null, externalUrl: wc.ticket?.url ?? null } : {}),
    pageContext: page,
    async answering() {
      if (!wc.chat && !wc.answer) return undefined;
      // The answering code is in the panel chunk: a question left unanswered loads it (a reload, another tab).
      const chunk = await ui?.panelChunk();
      if (!chunk) throw new SupportCopilotError('panel_unavailable', 'The chat panel could not be loaded');
      return chunk.createAnswering(wc.answer ?? chunk.openAiCompatibleSource(wc.chat!), answerRules);
    },
    answerTimeoutMs: () => wc.answerTimeoutMs ?? 30_000,
    newId: () => uuidv7(),
    fire: (name, properties) => bus.fire(name, properties),
    message: (detail) => ui?.dom('message', detail),
    changed: () => ui?.render(),
  }));
  const bus = (events = createEventBus({
    onEvent: () => wc.onEvent,
    conversation: () => s.snapshot(),
    userProperties: () => logger.identity().userProperties,
    log: (input) => logger.event(input),
    report: reportError,
  }));
  const cleanups = [logger.on((e) => s.refresh(e))];
  const v = (ui = createWidgetUi({ config: () => wc, deps, logger, session: s, pointer, events: bus, pageContext: page, report: reportError }));
  // After the caller's own code of this task: listeners it adds with on() hear the early ones too.
  queueMicrotask(() => early.splice(0).forEach(reportError));

  const api: SupportCopilot = {
    open: (view) => v.setOpen(true, view),
    close: () => v.setOpen(false),
    toggle: () => v.setOpen(wc.mode === 'inline' || !v.isOpen()),
    identify(user) {
      logger.identify(user);
      bus.fire('identify', { userId: user?.id ?? null });
    },
    reset() {
      logger.reset();
      s.newConversation();
    },
    setConsent(preferences) {
      logger.setConsent(preferences);
      s.consentChanged();
    },
    update(partial) {
      // Own properties only: `'locale' in partial` must not see a page's `Object.prototype.locale`.
      partial = ownCopy(partial ?? {});
      warnUnknownKeys(partial, WIDGET_KEYS);
      // Each level validates its own part of the merged configuration once: the widget here, the logger in update().
      const refused: string[] = [];
      const next = checkWidgetConfig({ ...wc, ...partial }, false, (e) => (refused.push(e.field!.split('.')[0]!), refuse(e))) as unknown as Record<string, unknown>;
      // A refused value changes nothing: the current one stays, and the logger does not see (and report) it again.
      for (const k of refused) {
        delete (partial as Record<string, unknown>)[k];
        if (k in wc) next[k] = (wc as unknown as Record<string, unknown>)[k];
        // The current address stays, so its contact form entry does too.
        if (k === 'ticketUrl' && !('getHelp' in partial)) next.getHelp = wc.getHelp;
      }
      logger.update(loggerPart(partial));
      wc = next as unknown as WidgetConfig;
      if (partial.ticket) s.fieldsChanged();
      if (partial.privacyPreferences) s.consentChanged();
      v.configChanged('locale' in partial);
    },
    async logMessage(message) {
      alive();
      return s.log(message);
    },
    newConversation: () => s.newConversation(),
    flush: () => logger.flush(),
    stats: () => logger.stats(),
    identity: () => logger.identity(),
    currentConversation: () => s.conversationId(),
    on: (name, listener) => bus.on(name, listener),
    off: (name, listener) => bus.off(name, listener),
    get conversationId() {
      return s.conversationId();
    },
    logger,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      s.stop();
      for (const c of cleanups.splice(0)) c();
      v.destroy();
      bus.clear();
      logger.destroy();
    },
  };
  return api;
}
