import type { ChatMessage } from '../chat-session.ts';
import type { Strings } from './strings.ts';
import { Markdown } from './markdown.tsx';
import { Icon, icons } from './icon.tsx';

export interface MessageItemProps {
  message: ChatMessage;
  strings: Strings;
  onFeedback(messageId: string, type: 'positive' | 'negative'): void;
  onCopy(messageId: string): void;
  onRetry(messageId: string): void;
}

/** One message: user text, or an assistant answer (markdown) with its actions / error + Retry. */
export function MessageItem({ message: m, strings: s, onFeedback, onCopy, onRetry }: MessageItemProps) {
  const user = m.role == 'user';
  const streaming = m.state == 'streaming';
  const btn = (label: string, d: string, onClick: () => void, pressed?: boolean, flip?: boolean) => (
    <button type="button" class="ib" aria-label={label} title={label} aria-pressed={pressed} onClick={onClick}>
      <Icon d={d} flip={flip} />
    </button>
  );
  return (
    <div class={user ? 'msg user' : 'msg'} aria-busy={streaming || undefined}>
      <span class="sr">{user ? s.you : s.assistant}: </span>
      {(m.content || streaming) && (
        <div class="bub">
          {user ? (
            m.content
          ) : m.content ? (
            <Markdown text={m.content} />
          ) : (
            <span class="typing">
              <span class="sr">{s.typing}</span>
              <i />
              <i />
              <i />
            </span>
          )}
        </div>
      )}
      {m.state == 'error' && (
        <div class="err">
          <span>{m.error || s.error}</span>
          <button type="button" onClick={() => onRetry(m.id)}>
            {s.retry}
          </button>
        </div>
      )}
      {!user && m.state == 'done' && (
        <div class="acts">
          {btn(s.helpful, icons.thumb, () => onFeedback(m.id, 'positive'), m.feedback == 'positive')}
          {btn(s.notHelpful, icons.thumb, () => onFeedback(m.id, 'negative'), m.feedback == 'negative', true)}
          {btn(s.copy, icons.copy, () => onCopy(m.id))}
        </div>
      )}
    </div>
  );
}
