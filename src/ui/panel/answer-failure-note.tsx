import type { ChatMessage } from '../../chat/chat-session.ts';
import type { Strings } from './strings.ts';
import { isTransient } from '../../chat/answer-failure.ts';

const TEXT = { offline: 'failOffline', timeout: 'failTimeout', busy: 'failBusy', server: 'failServer', refused: 'failRefused', empty: 'failEmpty', stopped: 'stopped', no_source: 'noAnswerSource' } as const;

/**
 * Why an answer is not there: friendly text by kind (never the raw error), and Retry where retrying
 * can help. A transient kind no longer retried by itself ran out of automatic attempts: it says so
 * instead of promising another try.
 */
export function AnswerFailureNote({ message: m, strings: s, onRetry }: { message: ChatMessage; strings: Strings; onRetry(messageId: string): void }) {
  const { kind, transient } = m.failure!;
  return (
    <div class={`msg fail${transient ? ' wait' : ''}`}>
      <span class="sr">{s.assistant}: </span>
      <div class="bub">
        <p>{s[transient || !isTransient(kind) ? TEXT[kind] : 'failGaveUp']}</p>
        {kind != 'no_source' && (
          <button type="button" class="retry" onClick={() => onRetry(m.id)}>
            {s.retry}
          </button>
        )}
      </div>
    </div>
  );
}
