import type { ChatMessage } from '../../chat/chat-session.ts';
import type { Strings } from './strings.ts';

const TEXT = { offline: 'failOffline', timeout: 'failTimeout', busy: 'failBusy', server: 'failServer', refused: 'failRefused', no_source: 'noAnswerSource' } as const;

/** Why an answer is not there: friendly text by kind (never the raw error), and Retry where retrying can help. */
export function AnswerFailureNote({ message: m, strings: s, onRetry }: { message: ChatMessage; strings: Strings; onRetry(messageId: string): void }) {
  const kind = m.failure!.kind;
  return (
    <div class={`msg fail${m.failure!.transient ? ' wait' : ''}`}>
      <span class="sr">{s.assistant}: </span>
      <div class="bub">
        <p>{s[TEXT[kind]]}</p>
        {kind != 'no_source' && (
          <button type="button" class="retry" onClick={() => onRetry(m.id)}>
            {s.retry}
          </button>
        )}
      </div>
    </div>
  );
}
