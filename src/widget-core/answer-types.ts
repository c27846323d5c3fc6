/** The chat's public types: what answers a question (`chat`, `answer`) and the parts an answer is made of (docs/api.md#answer-parts). */
export interface AnswerContext {
  conversationId: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  /** aborted when the user starts over, closes, or the composition root times out */
  signal: AbortSignal;
}

/**
 * Why an answer ended (the Vercel AI SDK's finish reasons, plus `incomplete`): `stop` complete;
 * `length` cut at the model's token limit; `content_filter` cut by a content filter (Azure cuts a
 * filtered answer mid-way); `incomplete` the stream ended without its end marker (a proxy's time
 * limit); `error` the source failed mid-answer.
 */
export type AnswerFinishReason = 'stop' | 'length' | 'content_filter' | 'incomplete' | 'error';

/** A source an answer cites: shown as a card under it, stored in the message's `links`. Only http(s) URLs are kept. */
export interface AnswerSourceLink {
  url: string;
  title?: string;
  /** where it sits, outermost first (e.g. `['Docs', 'Install']`) */
  breadcrumbs?: string[];
  description?: string;
}

/**
 * One piece of a streamed answer, modelled on the Vercel AI SDK's stream parts: answer text;
 * reasoning (shown as a "Thinking..." state, never stored as answer text); a source; the end with
 * its reason; an error (`permanent`: the request itself is wrong, retrying cannot help); and
 * `keep-alive` (bytes arrived that carry nothing to show: any part, this one included, resets the
 * idle timeout). Unknown types are ignored (and count as life).
 */
export type AnswerPart =
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  | ({ type: 'source' } & AnswerSourceLink)
  | { type: 'finish'; reason: AnswerFinishReason }
  | { type: 'error'; message: string; permanent?: boolean }
  | { type: 'keep-alive' };

/** Yields the answer as text deltas (strings) or typed parts. */
export type AnswerSource = (ctx: AnswerContext) => AsyncIterable<string | AnswerPart>;

/** How long an answer may take, whatever answers it (`chat` or `answer`). */
export interface AnswerTimeouts {
  /**
   * Nothing at all received for this long (any byte is life: keep-alive comments, the role chunk,
   * reasoning): without any text yet the answer fails and is retried; with text, it is kept as cut
   * off. Raise it for a model that stays silent while it thinks. Attribute: `data-chat-idle-timeout-ms`.
   * @default 30000 (or the deprecated `answerTimeoutMs`)
   */
  idleTimeoutMs?: number;
  /** The whole answer at most this long: then it is kept as cut off (`properties.finishReason: 'incomplete'`), or fails without any text. Attribute: `data-chat-max-answer-ms`. @default 300000 */
  maxAnswerMs?: number;
}

/** `chat.body` and `chat.headers`: a value, or a function of the answer's context (its conversation and messages). */
export type ChatOption<T> = T | ((ctx: AnswerContext) => T | Promise<T>);
export interface ChatEndpointConfig extends AnswerTimeouts {
  /** The answer backend's URL: an OpenAI-compatible `/v1/chat/completions`, Inkeep's, an AI SDK route, any text stream. */
  url: string;
  /** sent as `Authorization: Bearer <apiKey>` (a public key only: docs/backends.md) */
  apiKey?: string;
  model?: string;
  /** What the backend speaks (docs/backends.md). Attribute: `data-chat-protocol`. @default 'openai' */
  protocol?: 'openai' | 'inkeep' | 'ai-sdk' | 'text';
  /** Headers of every request: an object, or a (possibly async) function called for each request (a short-lived token). */
  headers?: ChatOption<Record<string, string>>;
  /** Fields merged into every request body (tools, temperature, metadata): an object, or a function of the answer's context. */
  body?: ChatOption<Record<string, unknown>>;
}
