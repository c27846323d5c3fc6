import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatMessage } from '../../chat/chat-session.ts';
import type { WidgetConfig, WidgetEventName } from '../../widget-core/widget-types.ts';
import type { Strings } from './strings.ts';
import { MessageItem } from './message-item.tsx';
import { Welcome } from './welcome.tsx';
import { defaultFeedbackReasons } from './answer-strings.ts';

export interface MessageListProps {
  messages: ChatMessage[];
  strings: Strings;
  config: WidgetConfig;
  busy: boolean;
  onSend(text: string): void;
  onFeedback(messageId: string, type: 'positive' | 'negative', reasons?: string[], details?: string): void;
  onAction(name: WidgetEventName, properties?: Record<string, unknown>): void;
  onRetry(messageId: string): void;
  onRegenerate(): void;
}

/** The conversation as a polite live log; sticks to the bottom unless the reader scrolled up. Empty: the welcome. */
export function MessageList({ messages, strings, config, busy, onSend, ...actions }: MessageListProps) {
  const el = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const count = useRef(0);
  useLayoutEffect(() => {
    const d = el.current;
    // A new message of the user always scrolls it into view.
    if (messages.length > count.current && messages[messages.length - 1]?.role == 'user') stick.current = true;
    count.current = messages.length;
    if (d && stick.current) d.scrollTop = d.scrollHeight;
  });
  const lastAnswer = messages.at(-1);
  return (
    <div
      ref={el}
      class="log"
      role="log"
      aria-live="polite"
      tabIndex={0}
      onScroll={(e) => {
        const d = e.currentTarget;
        stick.current = d.scrollHeight - d.scrollTop - d.clientHeight < 40;
      }}
    >
      {messages.length ? (
        messages.map((m) => (
          <MessageItem
            key={m.id}
            message={m}
            strings={strings}
            last={!busy && m == lastAnswer && m.role == 'assistant' && m.state == 'done'}
            feedbackReasons={config.feedbackReasons ?? defaultFeedbackReasons}
            {...actions}
          />
        ))
      ) : (
        <Welcome config={config} strings={strings} onSend={onSend} />
      )}
    </div>
  );
}
