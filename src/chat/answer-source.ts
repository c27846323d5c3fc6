export interface AnswerContext {
  conversationId: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  /** aborted when the user starts over, closes, or the composition root times out */
  signal: AbortSignal;
}

/** Yields the answer as text deltas. */
export type AnswerSource = (ctx: AnswerContext) => AsyncIterable<string>;

export interface ChatEndpointConfig {
  /** an OpenAI-compatible `/v1/chat/completions` URL */
  url: string;
  /** sent as `Authorization: Bearer <apiKey>` */
  apiKey?: string;
  model?: string;
  headers?: Record<string, string>;
}
