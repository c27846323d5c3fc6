/**
 * Composition root of the widget: wires the logging core, the chat session (widget-session.ts),
 * the event bus and what the visitor sees (widget-ui.ts: the plain-DOM shell and the lazy Preact
 * panel), and exposes the public API. What a visitor types is appended to the durable outbox
 * before anything else happens (chat/chat-session.ts).
 */
import type { ChatSession } from '../chat/chat-session.ts';
import { createConversationLogger, type LoggerDeps } from '../logger/conversation-logger.ts';
import { invalidInput, SupportCopilotError } from '../core/support-copilot-error.ts';
import type { LoggerConfig, LoggerEvent } from '../core/public-types.ts';
import { guarded } from '../core/guarded.ts';
import { analyticsUrlOf } from '../core/config.ts';
import { assertRealm } from '../core/realm-check.ts';
import { storageNames, type StorageNames } from '../core/storage-names.ts';
import { nextTask } from '../core/next-task.ts';
import { runNow, runSteps, type Steps } from '../core/run-steps.ts';
import { prepareSchemas } from '../core/schema.ts';
import { migrateLegacyKeys } from '../storage/legacy-migration.ts';
import { storageArea } from '../storage/page-storage.ts';
import type { SupportCopilot, WidgetConfig } from '../widget-core/widget-types.ts';
import { currentConversation } from '../storage/current-conversation.ts';
import { pageContext } from '../widget-core/page-context.ts';
import { checkWidgetConfig, loggerPart } from './widget-config.ts';
import { widgetErrors, type WidgetErrors } from './widget-errors.ts';
import { createEventBus, type EventBus } from './widget-events.ts';
import { createWidgetSession } from './widget-session.ts';
import { createWidgetUi, type UiLoaders, type WidgetUi } from './widget-ui.ts';
import { mergeUpdate } from './widget-update.ts';

export interface WidgetDeps extends LoggerDeps, UiLoaders {}

/**
 * The widget, created in steps (core/run-steps.ts): the configuration checked; the old Web
 * Storage keys moved (the page's first `localStorage` read is a synchronous load of the whole
 * area); the API schemas built (zod's constructors, the largest part of a first parse); the logger
 * and the chat session; the UI. The script tag runs each in a task of its own, so none is a long
 * task on a slow phone (startWidget); the npm API runs them all at once (createWidget).
 */
function* widgetSteps(config: WidgetConfig, deps: WidgetDeps): Steps<SupportCopilot> {
  // Not in the task that evaluated the script tag's core chunk.
  yield;
  // Before anything loops: a page whose built-ins would never end a loop gets no widget (core/realm-check.ts).
  assertRealm();
  const errors = widgetErrors();
  const wc = checkWidgetConfig(config, true, errors.refuse);
  // The project's partition (core/storage-names.ts), as its logger has it: fixed for the widget's life.
  const names = storageNames(wc.apiKey, analyticsUrlOf(wc.analyticsUrl));
  yield;
  // Before reading it: the conversation an unpartitioned version remembered is this project's now (storage/legacy-migration.ts).
  migrateLegacyKeys(names, [storageArea('localStorage'), storageArea('sessionStorage')]);
  yield;
  // The first conversation's fields are checked in the next step: its schemas are ready by then.
  prepareSchemas();
  yield;
  return yield* wire(wc, names, errors, deps);
}

/** The npm API's: every step at once (the caller gets the widget back). Checks nothing about the environment: createSupportCopilot does. */
export const createWidget = (config: WidgetConfig, deps: WidgetDeps): SupportCopilot => runNow(widgetSteps(config, deps));
/** The script tag's: each step in a new task (core/next-task.ts); rejects with what stopped it. */
export const startWidget = (config: WidgetConfig, deps: WidgetDeps): Promise<SupportCopilot> => runSteps(widgetSteps(config, deps), nextTask);

/** The logger and the chat session (its listener added in the same step: the logger's start emits in a later task), then the UI. */
function* wire(wc: WidgetConfig, names: StorageNames, errors: WidgetErrors, deps: WidgetDeps): Steps<SupportCopilot> {
  let destroyed = false;
  // Declared before the logger: it can report while it is being created, before the session exists.
  let session: ChatSession | undefined, ui: WidgetUi | undefined;
  const onError = (e: SupportCopilotError) => (session?.loggerError(e), errors.report(e), wc.onError?.(e));
  const logger = createConversationLogger({ ...(loggerPart(wc) as LoggerConfig), onError }, deps);
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
  // Ours, not the host's: what it meets is reported to the widget (the logger hands a listener's error to the page).
  const cleanups = [logger.on(guarded((e: LoggerEvent) => s.refresh(e), errors.report))];
  // Until the UI exists, the session's renders do nothing and errors are parked (widget-errors.ts): it renders all on attach.
  yield;
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
