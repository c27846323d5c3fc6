/**
 * The `ai-sdk` protocol: a route built with the Vercel AI SDK (`streamText(...)
 * .toUIMessageStreamResponse()`), also recognised by its `x-vercel-ai-ui-message-stream: v1`
 * header whatever `chat.protocol` says.
 * - request: what `useChat`'s DefaultChatTransport sends, `{ id, messages: UIMessage[], trigger }`,
 *   each message `{ id, role, parts: [{ type: 'text', text }] }`, so that the route's
 *   `convertToModelMessages(messages)` accepts it (plain `{ role, content }` makes it throw);
 *   `chat.body`'s fields are merged in, as the transport's `body` option does;
 * - response: SSE of JSON chunks (ai 6.x, src/ui-message-stream/ui-message-chunks.ts):
 *   `text-delta` and `reasoning-delta` (`delta`), `source-url` (`url`, `title`), `source-document`
 *   (no URL of its own: a card only when its `sourceId` is an http(s) URL), a `provideLinks` tool's
 *   input (Inkeep's QA API behind an AI SDK route), `error` (`errorText`), `abort`, and `finish`
 *   (with its `finishReason`), the end marker; every other chunk (start, steps, tools, data) is life
 *   only. A body that ends before `finish` is `incomplete`.
 */
import type { AnswerFinishReason, AnswerPart } from '../../widget-core/widget-types.ts';
import { fromJson } from '../../core/json.ts';
import { sseReader } from '../sse-reader.ts';
import { LINKS_TOOL, type AnswerProtocol } from './protocol.ts';
import { sourcePart } from './source-part.ts';
import { errorPart } from './stream-error.ts';

const REASONS: Record<string, AnswerFinishReason> = { length: 'length', 'content-filter': 'content_filter', error: 'error' };

export const protocol: AnswerProtocol = {
  request: (ctx, config, extra) => ({
    body: {
      id: ctx.conversationId,
      messages: ctx.messages.map((m, i) => ({ id: `${ctx.conversationId}-${i}`, role: m.role, parts: [{ type: 'text', text: m.content }] })),
      trigger: 'submit-message',
      ...(config.model ? { model: config.model } : {}),
      ...extra,
    },
  }),
  read(emit) {
    let ended = false;
    const done = (reason: AnswerFinishReason) => {
      if (!ended) emit({ type: 'finish', reason });
      ended = true;
    };
    const source = (raw: unknown) => {
      const p = sourcePart(raw);
      if (p) emit(p);
    };
    const sse = sseReader(({ data }) => {
      if (ended) return;
      if (data == '[DONE]') return done('stop');
      let c: Record<string, any>;
      try {
        c = (fromJson(data) ?? Object.create(null)) as Record<string, any>;
      } catch {
        return;
      }
      const t = c.type;
      if ((t == 'text-delta' || t == 'reasoning-delta') && typeof c.delta == 'string' && c.delta) emit({ type: t, delta: c.delta } as AnswerPart);
      else if (t == 'source-url') source(c);
      else if (t == 'source-document') source({ url: c.sourceId, title: c.title });
      else if (t == 'tool-input-available' && c.toolName == LINKS_TOOL && Array.isArray(c.input?.links)) c.input.links.slice(0, 50).forEach(source);
      else if (t == 'error') {
        emit(errorPart(c.errorText));
        done('error');
      } else if (t == 'abort') done('incomplete');
      else if (t == 'finish') done(REASONS[c.finishReason] ?? 'stop');
    });
    return {
      push: (text) => sse(text),
      end() {
        sse('', true);
        done('incomplete');
      },
    };
  },
};
