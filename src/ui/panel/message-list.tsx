import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../../chat/chat-session.ts';
import type { WidgetConfig, WidgetEventName } from '../../widget-core/widget-types.ts';
import type { Strings } from './strings.ts';
import { MessageItem } from './message-item.tsx';
import { Welcome } from './welcome.tsx';
import { defaultFeedbackReasons } from './answer-strings.ts';
import { Icon } from './icon.tsx';
import { answerIcons } from './answer-icons.ts';

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

/** Within this many pixels of the end counts as at the end (sub-pixel layouts, a last line half shown). */
const NEAR = 40;
/** Room above the question once it reaches the top. */
const PAD = 12;

/**
 * Where the log is scrolled while an answer streams: at the end, until the question and the start
 * of the answer would leave the top; then it stays there and the answer grows below, read from its
 * start (as Claude and ChatGPT do). A question taller than half the log gives way to the answer,
 * or, with no answer (a question that could not be stored), to the end: its note and Retry are
 * below it.
 */
function followedTop(log: HTMLElement): number {
  const end = log.scrollHeight - log.clientHeight;
  const question = [...log.querySelectorAll<HTMLElement>(':scope > .user')].at(-1);
  if (!question) return end;
  const anchor = question.offsetHeight > log.clientHeight / 2 ? (question.nextElementSibling as HTMLElement | null) : question;
  if (!anchor) return end;
  return Math.min(end, anchor.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop - PAD);
}

/**
 * The conversation as a polite live log. A new question puts the log in "top" mode: it follows the
 * conversation down until the question reaches the top (followedTop), so a long answer is read from
 * its start. Scrolled to the end by the reader (or "Jump to latest"), it follows the end instead;
 * scrolled anywhere else, it stays where the reader put it. Away from the end, "Jump to latest"
 * shows. Empty: the welcome.
 */
export function MessageList({ messages, strings, config, busy, onSend, ...actions }: MessageListProps) {
  const el = useRef<HTMLDivElement>(null);
  const mode = useRef<'top' | 'end' | null>('top');
  // Where we last put it: a scroll event elsewhere is the reader's.
  const placed = useRef(-1);
  const count = useRef(0);
  const [away, setAway] = useState(false);
  const end = (d: HTMLElement) => d.scrollHeight - d.clientHeight;
  useLayoutEffect(() => {
    const d = el.current;
    if (!d) return;
    if (messages.length > count.current && messages.at(-1)?.role == 'user') mode.current = 'top';
    count.current = messages.length;
    if (mode.current) d.scrollTop = placed.current = mode.current == 'top' ? followedTop(d) : end(d);
    setAway(end(d) - d.scrollTop > NEAR);
  });
  const lastAnswer = messages.at(-1);
  return (
    <div class="logw">
      <div
        ref={el}
        class="log"
        role="log"
        aria-live="polite"
        tabIndex={0}
        onScroll={(e) => {
          const d = e.currentTarget;
          const atEnd = end(d) - d.scrollTop <= NEAR;
          if (Math.abs(d.scrollTop - placed.current) > 2) mode.current = atEnd ? 'end' : null;
          setAway(!atEnd);
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
      {away && messages.length > 0 && (
        <button
          type="button"
          class="jump"
          onClick={() => {
            const d = el.current!;
            mode.current = 'end';
            d.scrollTo({ top: (placed.current = end(d)), behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
            // The button goes: focus where the reader now is, the conversation.
            d.focus({ preventScroll: true });
          }}
        >
          <Icon d={answerIcons.down} />
          {strings.jumpToLatest}
        </button>
      )}
    </div>
  );
}
