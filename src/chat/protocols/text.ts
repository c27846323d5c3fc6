/**
 * The `text` protocol: a backend that streams the answer as plain text (the AI SDK's
 * `toTextStreamResponse()`, a proxy that forwards only the words). Asked like Chat Completions
 * (`{ model, messages, stream: true }`); every byte is answer text; the end of the body is the end
 * of the answer, and a body that broke off is `incomplete`.
 */
import type { AnswerProtocol } from './protocol.ts';

export const protocol: AnswerProtocol = {
  read: (emit) => ({
    push: (t) => t && emit({ type: 'text-delta', delta: t }),
    end: (cut) => emit({ type: 'finish', reason: cut ? 'incomplete' : 'stop' }),
  }),
};
