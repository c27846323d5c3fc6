/**
 * One recorded answer of a backend, replayed by the protocol unit tests (chat/answer-source.test.ts)
 * and, through the built widget, by the conformance suite (e2e/backends.spec.ts), whose rows
 * docs/backends.md lists. `source` says where the bytes come from: where no real backend is
 * reachable from here, they are written from the backend's documented format and published
 * examples, which `source` names; the AI SDK's are produced by the `ai` package itself.
 */
import type { AnswerFinishReason, AnswerSourceLink, ChatEndpointConfig } from '../../../widget-core/widget-types.ts';

/** What the visitor is shown (the flow's part: answer-flow.ts). */
export type Outcome = 'answer' | 'cut off' | 'no answer' | 'permanent failure' | 'transient failure';

export interface Transcript {
  /** the row's name in docs/backends.md */
  name: string;
  backend: string;
  protocol: NonNullable<ChatEndpointConfig['protocol']>;
  /** where the bytes come from */
  source: string;
  response: { status?: number; contentType: string; headers?: Record<string, string>; body: string };
  expect: {
    /** the answer text, all text deltas joined */
    text: string;
    reasoning?: string;
    sources?: AnswerSourceLink[];
    /** the finish part's reason (none when the source throws: an HTTP error) */
    finish?: AnswerFinishReason;
    /** an error part, or an HTTP status the source throws as an AnswerError */
    error?: { permanent: boolean; status?: number };
    outcome: Outcome;
  };
  /** checks of the request the widget sent for this row (its parsed JSON body) */
  request?: (body: Record<string, any>) => void | Promise<void>;
}

/** SSE: one `data:` event per JSON object (or literal string), blank line after each. */
export const sse = (...events: (object | string)[]): string => events.map((e) => `data: ${typeof e == 'string' ? e : JSON.stringify(e)}\n\n`).join('');
