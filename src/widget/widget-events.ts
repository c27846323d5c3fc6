/**
 * The widget's events, shaped as Inkeep's widget (`@inkeep/cxkit-js`) shapes them, so handlers and
 * dashboards written for it read ours: `{ eventName, properties: { conversation, message?,
 * componentType, ...specific }, userProperties }`. Like Inkeep's, every chat event but
 * `modal_opened` / `modal_closed` is also logged to `POST /events` with `type` = its name; ours
 * (where Inkeep has none) stay local. Listeners are isolated: one that throws breaks nothing.
 */
import type { EventInput, UserProperties } from '../core/public-types.ts';
import type { EventConversation, WidgetEvent, WidgetEventName } from '../widget-core/widget-types.ts';
import { invalidInput } from '../core/support-copilot-error.ts';
import type { EventBus, Listener } from '../widget-core/event-bus.ts';
import { rethrowToPage } from '../core/guarded.ts';

export type { EventBus, Listener };

/** Inkeep's chat events its widget logs to `POST /events` (cxkit's `logEvent` sends all but the modal ones). */
const LOGGED: ReadonlySet<WidgetEventName> = /* @__PURE__ */ new Set<WidgetEventName>([
  'user_message_submitted',
  'assistant_message_received',
  'assistant_answer_displayed',
  'assistant_positive_feedback_submitted',
  'assistant_negative_feedback_submitted',
  'assistant_message_copied',
  'assistant_code_block_copied',
  'assistant_source_item_clicked',
  'assistant_message_inline_link_opened',
  'chat_clear_button_clicked',
  'get_help_option_clicked',
  'user_escalation_indicated',
]);

export interface EventBusDeps {
  /** The host's `onEvent` option, read at each event (update() may change it). */
  onEvent: () => Listener | undefined;
  /** The conversation shown now, as events carry it. */
  conversation: () => EventConversation;
  userProperties: () => UserProperties;
  /** Stores an event for `POST /events` (durable, like messages). */
  log: (input: EventInput) => Promise<void>;
  report: (error: unknown) => void;
}


const isolate = (l: Listener | undefined, e: WidgetEvent) => {
  try {
    l?.(e);
  } catch (error) {
    // The host's listener threw: surface it, never let it break the widget.
    rethrowToPage(error);
  }
};

export function createEventBus(d: EventBusDeps): EventBus {
  const listeners = new Map<string, Set<Listener>>();
  function emit(eventName: WidgetEventName, { messageId, ...own }: { messageId?: string; [key: string]: unknown }): void {
      const conversation = d.conversation();
      const message = messageId === undefined ? undefined : conversation.messages.find((m) => m.id === messageId);
      const properties = { ...own, conversation, ...(message ? { message } : {}), componentType: 'SupportCopilotWidget' as const };
      const event: WidgetEvent = { eventName, properties, userProperties: d.userProperties() };
      for (const l of [d.onEvent(), ...(listeners.get(eventName) ?? []), ...(listeners.get('*') ?? [])]) isolate(l, event);
      if (!LOGGED.has(eventName)) return;
      // The conversation itself goes to POST /conversations: an event names it and carries its own details only.
      const target = messageId === undefined ? { entityType: 'conversation' as const, conversationId: conversation.id } : { entityType: 'message' as const, messageId };
      d.log({ type: eventName, ...target, properties: own }).then(undefined, d.report);
    }
  const bus: EventBus = {
    fire(eventName, props = {}) {
      // Called from the visitor's clicks and keys: whatever building an event meets (a built-in the page broke) is reported, never thrown into the page.
      try {
        emit(eventName, props);
      } catch (e) {
        d.report(e);
      }
    },
    on(name, listener) {
      // Refused at the door: a non-function would only fail later, inside an event, in the page.
      if (typeof listener !== 'function') throw invalidInput('on', [{ path: 'listener', message: 'expected a function' }]);
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => bus.off(name, listener);
    },
    off(name, listener) {
      listeners.get(name)?.delete(listener);
    },
    clear: () => listeners.clear(),
  };
  return bus;
}
