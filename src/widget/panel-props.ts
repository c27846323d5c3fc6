/**
 * The panel's props from the chat session's state: what it shows, and the visitor's actions handed
 * back to the session and the event bus, each guarded (it reports its own errors, never throws
 * into Preact or the page).
 */
import type { AroundController } from '../around/around-controller.ts';
import type { ChatSession } from '../chat/chat-session.ts';
import type { PanelViewProps } from '../ui/panel/panel-view.tsx';
import type { EventBus } from '../widget-core/event-bus.ts';
import type { Strings, WidgetConfig, WidgetEventName } from '../widget-core/widget-types.ts';

type Guard = <A extends unknown[]>(fn: (...a: A) => unknown) => (...a: A) => void;

export function panelProps(focusKey: number, u: { config: () => WidgetConfig; session: ChatSession; events: EventBus }, strings: Strings, around: AroundController | undefined, close: () => void, guard: Guard): PanelViewProps {
  const { session, events } = u;
  const { messages, busy, pending, notice } = session.state;
  return {
    focusKey,
    config: u.config(),
    messages,
    strings,
    busy,
    pending,
    notice,
    onClose: guard(close),
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
