import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatMessage } from '../chat-session.ts';
import type { Strings } from './strings.ts';
import { MessageItem } from './message-item.tsx';

export interface MessageListProps {
  messages: ChatMessage[];
  strings: Strings;
  onFeedback(messageId: string, type: 'positive' | 'negative'): void;
  onCopy(messageId: string): void;
  onRetry(messageId: string): void;
}

/** The conversation as a polite live log; sticks to the bottom unless the reader scrolled up. */
export function MessageList({ messages, strings, ...actions }: MessageListProps) {
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
        messages.map((m) => <MessageItem key={m.id} message={m} strings={strings} {...actions} />)
      ) : (
        <p class="empty">{strings.empty}</p>
      )}
    </div>
  );
}
