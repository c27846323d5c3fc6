import { useState } from 'preact/hooks';
import type { ChatMessage } from '../../chat/chat-session.ts';
import type { WidgetEventName } from '../../widget-core/widget-types.ts';
import type { Strings } from './strings.ts';
import { Markdown, type MarkdownActions } from './markdown.tsx';
import { plainText } from '../../markdown/markdown-plain-text.ts';
import { Icon, icons } from './icon.tsx';
import { answerIcons } from './answer-icons.ts';
import { Sources } from './sources.tsx';
import { FeedbackForm } from './feedback-form.tsx';

/** The notice under an answer that was cut off, by its stored `finishReason`. */
const CUT = { length: 'cutLength', content_filter: 'cutFiltered', incomplete: 'cutIncomplete' } as const;

/** Why a question was not stored, in the visitor's words (the error itself goes to the host's onError). */
const refusedAsIs = (code?: string) => code == 'invalid_input' || code == 'conversation_too_large';
const notSaved = (code: string) => (code == 'storage_full' ? 'notSavedFull' : refusedAsIs(code) ? 'notSavedInvalid' : 'notSaved');
import { AnswerFailureNote } from './answer-failure-note.tsx';
import { useCopied } from './use-copied.ts';

export interface MessageItemProps {
  message: ChatMessage;
  strings: Strings;
  /** the conversation's last answer, not streaming: it offers Regenerate */
  last: boolean;
  feedbackReasons: string[];
  onFeedback(messageId: string, type: 'positive' | 'negative', reasons?: string[], details?: string): void;
  onAction(name: WidgetEventName, properties?: Record<string, unknown>): void;
  onRetry(messageId: string): void;
  onRegenerate(): void;
}

/** One message: user text, or an answer (markdown, sources, actions, the "Not helpful" form), or why there is none (with Retry). */
export function MessageItem({ message: m, strings: s, last, feedbackReasons, onFeedback, onAction, onRetry, onRegenerate }: MessageItemProps) {
  const [asking, setAsking] = useState(false);
  const [copied, copy] = useCopied(() => onAction('assistant_message_copied', { messageId: m.id }));
  const user = m.role == 'user';
  const streaming = m.state == 'streaming';
  if (m.failure) return <AnswerFailureNote message={m} strings={s} onRetry={onRetry} />;
  const cut = m.state == 'done' && !m.stopped && m.finishReason && Object.hasOwn(CUT, m.finishReason) ? CUT[m.finishReason as keyof typeof CUT] : undefined;
  const actions: MarkdownActions = {
    copyCode: (language, code) => onAction('assistant_code_block_copied', { messageId: m.id, language, code }),
    openLink: (title, url) => onAction('assistant_message_inline_link_opened', { messageId: m.id, title, url }),
    copyCodeLabel: s.copyCode,
    copiedLabel: s.copied,
  };
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
            <Markdown text={m.content} actions={actions} />
          ) : m.reasoning ? (
            // Reasoning before the answer: a calm "Thinking…", its text there for whoever opens it (never stored).
            <details class="think">
              <summary>{s.thinking}</summary>
              <p>{m.reasoning}</p>
            </details>
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
      {m.stopped && <p class="stopped">{s.stopped}</p>}
      {cut && <p class="stopped cut">{s[cut]}</p>}
      {m.state == 'error' && (
        <div class="err">
          <span>{m.error ? s[notSaved(m.error)] : s.error}</span>
          {/* Refused as it is (too long): trying again cannot help. */}
          {!refusedAsIs(m.error) && (
            <button type="button" onClick={() => onRetry(m.id)}>
              {s.retry}
            </button>
          )}
        </div>
      )}
      {!user && m.state == 'done' && !!m.links?.length && <Sources id={m.id} links={m.links} strings={s} onOpen={(link) => onAction('assistant_source_item_clicked', { messageId: m.id, link })} />}
      {!user && m.state == 'done' && (
        <div class="acts">
          {btn(s.helpful, icons.thumb, () => onFeedback(m.id, 'positive'), m.feedback == 'positive')}
          {btn(
            s.notHelpful,
            icons.thumb,
            () => {
              onFeedback(m.id, 'negative');
              setAsking(true);
            },
            m.feedback == 'negative',
            true,
          )}
          {btn(s.copy, copied ? answerIcons.check : icons.copy, () => copy(plainText(m.content)))}
          {last && btn(s.regenerate, answerIcons.regenerate, onRegenerate)}
          <span class="copied" aria-live="polite">
            {copied ? s.copied : ''}
          </span>
        </div>
      )}
      {asking && <FeedbackForm reasons={feedbackReasons} strings={s} onSubmit={(reasons, details) => onFeedback(m.id, 'negative', reasons, details)} />}
    </div>
  );
}
