/**
 * Composition root of the widget: wires the logging core, the chat session (widget-session.ts),
 * the event bus and what the visitor sees (widget-ui.ts: the plain-DOM shell and the lazy Preact
 * panel), and exposes the public API. What a visitor types is appended to the durable outbox
 * before anything else happens (chat/chat-session.ts).
 */
import type { ChatSession } from '../chat/chat-session.ts';
import { createConversationLogger, type LoggerDeps } from '../logger/conversation-logger.ts';
import { invalidInput, SupportCopilotError } from '../core/support-copilot-error.ts';
import type { LoggerConfig } from '../core/public-types.ts';
import { analyticsUrlOf } from '../core/config.ts';
import { assertRealm } from '../core/realm-check.ts';
import { storageNames } from '../core/storage-names.ts';
import { migrateLegacyKeys } from '../storage/legacy-migration.ts';
import { storageArea } from '../storage/page-storage.ts';
import type { SupportCopilot, WidgetConfig } from '../widget-core/widget-types.ts';
import { currentConversation } from '../storage/current-conversation.ts';
import { pageContext } from '../widget-core/page-context.ts';
import { checkWidgetConfig, loggerPart } from './widget-config.ts';
import { widgetErrors } from './widget-errors.ts';
import { createEventBus, type EventBus } from './widget-events.ts';
import { createWidgetSession } from './widget-session.ts';
import { createWidgetUi, type UiLoaders, type WidgetUi } from './widget-ui.ts';
import { mergeUpdate } from './widget-update.ts';

export interface WidgetDeps extends LoggerDeps, UiLoaders {}

function browserOnly(): void {
  if (typeof document === 'undefined') {
    throw new SupportCopilotError('invalid_input', 'createSupportCopilot() runs in the browser only: call it in an effect (useEffect, onMounted), not during server-side rendering');
  }
  assertRealm();
}

export function createWidget(config: WidgetConfig, deps: WidgetDeps): SupportCopilot {
  browserOnly();
  let destroyed = false;
  const errors = widgetErrors();
  let wc = checkWidgetConfig(config, true, errors.refuse);
  // Declared before the logger: it can report while it is being created, before the session exists.
  let session: ChatSession | undefined, ui: WidgetUi | undefined;
  const onError = (e: SupportCopilotError) => (session?.loggerError(e), errors.report(e), wc.onError?.(e));
  const logger = createConversationLogger({ ...(loggerPart(wc) as LoggerConfig), onError }, deps);
  // The project's partition (core/storage-names.ts), as its logger has it: fixed for the widget's life.
  const names = storageNames(wc.apiKey, analyticsUrlOf(wc.analyticsUrl));
  // Before reading it: the conversation an unpartitioned version remembered is this project's now (storage/legacy-migration.ts).
  migrateLegacyKeys(names, [storageArea('localStorage'), storageArea('sessionStorage')]);
  const pointer = currentConversation(names.conversation, () => !logger.consent().optOutFunctionalCookies);
  const page = () => pageContext(location.href, document.title, wc.pageContext);
  const s = (session = createWidgetSession({ config: () => wc, names, logger, pointer, page, bus: () => bus, ui: () => ui }));
  const bus: EventBus = createEventBus({
    onEvent: () => wc.onEvent,
    conversation: () => s.snapshot(),
    userProperties: () => logger.identity().userProperties,
    log: (input) => logger.event(input),
    report: errors.report,
  });
  const cleanups = [logger.on((e) => s.refresh(e))];
  const v = (ui = createWidgetUi({ config: () => wc, names, deps, logger, session: s, pointer, events: bus, pageContext: page, report: errors.report }));
  errors.wired(bus, v.dom);

  return {
    open(view) {
      if (view !== undefined && view !== 'chat' && view !== 'contact' && view !== 'conversations') throw invalidInput('open', [{ path: 'view', message: 'expected "chat", "contact" or "conversations"' }]);
      v.setOpen(true, view);
    },
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
      const { next, accepted, logger: loggerPartial } = mergeUpdate(wc, partial, errors.refuse);
      logger.update(loggerPartial);
      wc = next;
      if (accepted.ticket) s.fieldsChanged();
      if (accepted.privacyPreferences) s.consentChanged();
      v.configChanged('locale' in accepted);
    },
    async logMessage(message) {
      if (destroyed) throw new SupportCopilotError('destroyed', 'This widget was destroyed: create a new one');
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
}
