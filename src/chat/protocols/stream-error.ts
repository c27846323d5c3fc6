/**
 * An error a backend sends inside a 200 response, after the stream started, as an `error` part:
 * OpenAI, LiteLLM and OpenRouter send `{"error":{"message","type","code"}}` (OpenRouter with the
 * HTTP status as `code`), vLLM `{"object":"error","message","type":"BadRequestError","code":400}`
 * (its "prompt too long" among them), the AI SDK `{"type":"error","errorText"}`. `permanent` when
 * the error says the request itself is wrong: a 4xx code other than 408, 409, 425 and 429, or
 * (without a code) an invalid or bad request, a context length exceeded, a prompt too long or too
 * large; sending it again cannot help. Anything else (overloaded, a server error, an error we
 * cannot read) is transient.
 */
import type { AnswerPart } from '../../widget-core/widget-types.ts';

export function errorPart(e: unknown): AnswerPart {
  // Null-prototype: a page's `Object.prototype.message` is not the error's.
  const o = (e && typeof e == 'object' ? e : Object.create(null)) as Record<string, unknown>;
  const message = String(o.message ?? (typeof e == 'string' ? e : 'The chat service reported an error')).slice(0, 1000);
  const code = Number(o.code ?? o.status);
  const permanent = code > 399 && code < 500 ? ![408, 409, 425, 429].includes(code) : /invalid|bad.?request|context.?length|too.?(long|large)/i.test(`${o.type} ${o.code} ${message}`);
  return { type: 'error', message, permanent };
}
