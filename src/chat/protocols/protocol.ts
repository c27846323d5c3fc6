/**
 * What a protocol is: how one answer backend is asked (the request body and any headers of its
 * own) and how its response body becomes answer parts. The HTTP part (chat.body, chat.headers,
 * status, redirects, abort, pacing, caps) is done once, by chat/answer-source.ts. Readers are
 * pushed decoded text and call `emit`; they end with a `finish` part carrying the honest reason
 * (`incomplete` when the body ended before the protocol's end marker) and may throw an AnswerError.
 */
import type { AnswerContext, AnswerPart, ChatEndpointConfig } from '../../widget-core/widget-types.ts';

/** The tool whose calls carry an answer's sources (Inkeep's name; its arguments: `{ links: [{ url, title, breadcrumbs, ... }] }`). */
export const LINKS_TOOL = 'provideLinks';

export type ProtocolName = NonNullable<ChatEndpointConfig['protocol']>;

export interface PartReader {
  /** More of the body, decoded. */
  push(text: string): void;
  /** The body ended (`cut`: it broke off, a network error while reading). */
  end(cut?: boolean): void;
}

export interface AnswerRequest {
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface AnswerProtocol {
  /** The request; `extra` is what `chat.body` gave (merged over ours; a protocol may merge it differently). Default: openai's. */
  request?(ctx: AnswerContext, config: ChatEndpointConfig, extra: Record<string, unknown>, fetchImpl: typeof fetch): AnswerRequest | Promise<AnswerRequest>;
  /** Reads a response body. Default: openai's. */
  read?(emit: (part: AnswerPart) => void, contentType: string): PartReader;
}

/** Loads a protocol other than the default (openai, in the panel chunk): an `import()` chunk or a script beside the bundle. */
export type ProtocolLoader = (name: Exclude<ProtocolName, 'openai'>) => Promise<AnswerProtocol>;

/** Chat Completions' request: the model, the conversation, streaming, and chat.body's fields over them. */
export const chatRequest = (ctx: AnswerContext, config: ChatEndpointConfig, extra: Record<string, unknown>): AnswerRequest => ({
  body: { model: config.model, messages: ctx.messages, stream: true, ...extra },
});
