import type { AnswerSource, ChatEndpointConfig } from '../widget-core/widget-types.ts';
import { AnswerError } from './answer-error.ts';
import { sseDataParser } from './sse-lines.ts';
import { fromJson, toJson } from '../core/json.ts';
import { bare } from '../core/own-copy.ts';

/** The error message of an OpenAI-style error body (`{"error":{"message"}}`), else its start. */
function errorText(body: string): string {
  try {
    const e = (fromJson(body) as { error?: { message?: unknown } | string } | null)?.error;
    if (e) return typeof e == 'string' ? e : String(e.message ?? toJson(e));
  } catch {}
  return body.trim().slice(0, 200);
}

/**
 * An answer source for any OpenAI-compatible `/v1/chat/completions` endpoint: POSTs
 * `{ model, messages, stream: true }` and yields the `choices[0].delta.content` deltas of the
 * SSE stream (or the whole `choices[0].message.content` of a JSON response). Errors are
 * AnswerErrors (status or `network`, `Retry-After`) with a readable message; aborting
 * `ctx.signal` rejects with the signal's reason.
 */
export function openAiCompatibleSource(
  config: ChatEndpointConfig,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): AnswerSource {
  return async function* ({ messages, signal }) {
    signal.throwIfAborted();
    const fail = (what: string, e: unknown) =>
      signal.aborted ? signal.reason : new AnswerError(`${what}: ${e instanceof Error ? e.message : String(e)}`, 'network');
    let res: Response;
    try {
      // Null-prototype dictionaries: fetch reads inherited keys too (a page's `Object.prototype.headers`).
      res = await fetchImpl(
        config.url,
        bare<RequestInit>({
          method: 'POST',
          signal,
          headers: bare({
            'content-type': 'application/json',
            accept: 'text/event-stream, application/json',
            ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
            ...config.headers,
          }),
          // The page's toJSON quirks (Prototype.js's Array#toJSON) would turn `messages` into a string.
          body: toJson({ model: config.model, messages, stream: true }),
          // Never followed: a 301/302/303 would turn the question into a GET of some other page.
          redirect: 'manual',
        }),
      );
    } catch (e) {
      throw fail('Could not reach the chat service', e);
    }
    signal.throwIfAborted();
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) throw new AnswerError(`Chat service answered with a redirect (not followed): check chat.url (${config.url})`, 'redirect');
    if (!res.ok) {
      const detail = errorText(await res.text().catch(() => ''));
      throw new AnswerError(`Chat service error ${res.status}${detail ? `: ${detail}` : ''}`, res.status, res.headers.get('retry-after'));
    }
    // One payload: a chat.completion (JSON) or a stream chunk; yields its content, throws its error.
    const read = (json: string, whole?: boolean): string => {
      let o;
      try {
        o = fromJson(json) as any;
      } catch {
        if (whole) throw new AnswerError('Chat service sent an unreadable response', 502);
        return '';
      }
      if (o?.error) throw new AnswerError(`Chat service error: ${errorText(json)}`, 500);
      const c = whole ? o?.choices?.[0]?.message?.content : o?.choices?.[0]?.delta?.content;
      return typeof c == 'string' ? c : '';
    };
    if (/json/i.test(res.headers.get('content-type') ?? '')) {
      let body;
      try {
        body = await res.text();
      } catch (e) {
        throw fail('Chat response interrupted', e);
      }
      const c = read(body, true);
      if (c) yield c;
      return;
    }
    const reader = res.body?.getReader();
    if (!reader) throw new AnswerError('Chat service sent an empty response', 502);
    const parse = sseDataParser();
    const decoder = new TextDecoder();
    const onAbort = () => void reader.cancel().catch(() => {});
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        let chunk;
        try {
          chunk = await reader.read();
        } catch (e) {
          throw fail('Chat response interrupted', e);
        }
        signal.throwIfAborted();
        for (const data of parse(decoder.decode(chunk.value, { stream: !chunk.done }), chunk.done)) {
          if (data == '[DONE]') return;
          const delta = read(data);
          if (delta) yield delta;
        }
        if (chunk.done) return;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      reader.cancel().catch(() => {});
    }
  };
}
