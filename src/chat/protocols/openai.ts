/**
 * The `openai` protocol's reader: Chat Completions, streamed (SSE of `chat.completion.chunk`s) or
 * whole (a `chat.completion` as JSON), as OpenAI, Azure OpenAI, Ollama, vLLM, LiteLLM, LM Studio,
 * OpenRouter, Groq, Mistral and the Anthropic and Gemini compatibility endpoints send them.
 * - text: `delta.content` (a string, or Mistral's list of `text` and `thinking` chunks) and
 *   `delta.refusal` (a refusal is an answer the visitor must see); a leading `<think>` block is
 *   reasoning (think-tags.ts);
 * - reasoning: `reasoning_content` (vLLM, LiteLLM, LM Studio, DeepSeek) or `reasoning` (Ollama,
 *   OpenRouter, Groq);
 * - sources: a `provideLinks` tool call (Inkeep's QA API, or any backend that offers the tool),
 *   its JSON arguments gathered across chunks;
 * - nothing to show (a keep-alive for the source): the role chunk, usage chunks with empty
 *   `choices`, Azure's `prompt_filter_results` and filter annotations, comments, an event that is
 *   not JSON;
 * - an error object in the stream (stream-error.ts) ends the answer with an `error` part;
 * - too large to hold (an event, a tool call's arguments or a JSON body over MAX_EVENT): a RangeError;
 * - the end: `[DONE]`, or the end of the body after a `finish_reason` (some servers omit `[DONE]`);
 *   `length` and `content_filter` (Azure cuts a filtered answer mid-way) are kept as reasons; a
 *   body that ends before either is `incomplete`.
 */
import type { AnswerFinishReason, AnswerPart } from '../../widget-core/widget-types.ts';
import { fromJson } from '../../core/json.ts';
import { AnswerError } from '../answer-error.ts';
import { MAX_EVENT, sseReader } from '../sse-reader.ts';
import { LINKS_TOOL, type PartReader } from './protocol.ts';
import { errorPart } from './stream-error.ts';
import { sourcePart } from './source-part.ts';
import { thinkTags } from './think-tags.ts';

type Obj = Record<string, any>;

const reason = (r: unknown): AnswerFinishReason => (/length|max_tokens/i.test(String(r)) ? 'length' : /content_filter/i.test(String(r)) ? 'content_filter' : 'stop');

export function readOpenAi(emit: (part: AnswerPart) => void, contentType: string): PartReader {
  const whole = /json/i.test(contentType);
  const content = thinkTags(emit);
  const tools: { name: string; args: string }[] = [];
  let body = '';
  let finish: unknown;
  let ended = false;

  const text = (v: unknown, kind: 'text-delta' | 'reasoning-delta') => {
    if (typeof v == 'string' && v) kind == 'text-delta' ? content(v) : emit({ type: kind, delta: v });
    // Mistral's reasoning models: a list of chunks, `{ type: 'thinking', thinking: [{ type: 'text', text }] }` among them.
    else if (Array.isArray(v))
      for (const c of v as Obj[]) c?.type == 'thinking' ? text(c.thinking, 'reasoning-delta') : c?.type == 'text' && text(c.text, kind);
  };
  const toolCalls = (calls: unknown) => {
    if (!Array.isArray(calls)) return;
    for (const [k, c] of (calls as Obj[]).entries()) {
      const t = (tools[typeof c?.index == 'number' && c.index < 64 ? c.index : k] ??= { name: '', args: '' });
      if (typeof c?.function?.name == 'string') t.name += c.function.name;
      if (typeof c?.function?.arguments == 'string') t.args += c.function.arguments;
      if (t.args.length > MAX_EVENT) throw new RangeError('tool call');
    }
  };
  const emitSource = (l: unknown) => {
    const p = sourcePart(l);
    if (p) emit(p);
  };
  const done = (why: AnswerFinishReason) => {
    if (ended) return;
    ended = true;
    content('', true);
    for (const t of tools) {
      if (t?.name != LINKS_TOOL) continue;
      let links: unknown;
      try {
        links = (fromJson(t.args) as Obj)?.links;
      } catch {}
      if (Array.isArray(links)) for (const l of links.slice(0, 50)) emitSource(l);
    }
    emit({ type: 'finish', reason: why });
  };
  /** One chat.completion or chunk (parsed into objects that cannot inherit a page's prototype keys); false once it was an error. */
  const read = (o: Obj | null): boolean => {
    const err = o?.error ?? (o?.object == 'error' ? o : undefined);
    if (err) {
      emit(errorPart(err));
      done('error');
      return false;
    }
    const choice = o?.choices?.[0];
    const d = choice?.delta ?? choice?.message;
    text(d?.reasoning_content ?? d?.reasoning, 'reasoning-delta');
    text(d?.content, 'text-delta');
    text(d?.refusal, 'text-delta');
    toolCalls(d?.tool_calls);
    finish = choice?.finish_reason ?? finish;
    return true;
  };
  const sse = sseReader(({ data, event }) => {
    if (ended) return;
    if (data == '[DONE]') return done(reason(finish));
    let o: Obj;
    try {
      o = fromJson(data) as Obj;
    } catch {
      return; // one unreadable event (a proxy's banner, a truncated line) costs itself only
    }
    // `event: error` carries the error object itself (some proxies).
    read(event == 'error' ? { error: o?.error ?? o } : o);
  });

  return {
    push(t) {
      if (!whole) return sse(t);
      body += t;
      if (body.length > MAX_EVENT) throw new RangeError('body');
    },
    end(cut) {
      if (!whole) {
        sse('', true);
        return done(finish && !cut ? reason(finish) : 'incomplete');
      }
      if (cut) return done('incomplete');
      let o: Obj;
      try {
        o = fromJson(body) as Obj;
      } catch {
        throw new AnswerError('Chat service sent an unreadable response', 502);
      }
      if (read(o)) done(reason(o?.choices?.[0]?.finish_reason));
    },
  };
}
