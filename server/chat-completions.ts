/**
 * An OpenAI-compatible `/v1/chat/completions` answering from the demo's help centre
 * (server/demo-answer.ts), so the demo widget has something to talk to (including token
 * streaming) without a real model or API key.
 */
import * as z from 'zod/mini';
import { randomUUID } from 'node:crypto';
import { demoAnswer } from './demo-answer.ts';

export const chatRequestSchema = z.object({
  model: z.optional(z.string()),
  messages: z.array(z.object({ role: z.string(), content: z.unknown() })).check(z.minLength(1)),
  stream: z.optional(z.boolean()),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

const DEFAULT_MODEL = 'acme-help-search';
/** Long enough for streaming to be visible in the demo, short enough for tests. */
export const CHUNK_DELAY_MS = 15;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the demo answers: the last user message's text (search-limits.ts refuses one too long). */
export function lastQuestion(request: ChatRequest): string {
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
  return textOf(lastUser?.content);
}

/** `pause`: the wait between chunks (tests count it instead of timing it). */
export function chatCompletion(request: ChatRequest, question: string, origin: string, pause: (ms: number) => Promise<void> = delay): Response {
  const answer = demoAnswer(question, origin);
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const model = request.model ?? DEFAULT_MODEL;
  if (!request.stream) {
    return Response.json({
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 0, completion_tokens: words(answer).length, total_tokens: words(answer).length },
    });
  }
  const chunk = (delta: Record<string, string>, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const frames = [
    ...groups(words(answer), 3).map((piece, i) => chunk(i === 0 ? { role: 'assistant', content: piece } : { content: piece }, null)),
    chunk({}, 'stop'),
    'data: [DONE]\n\n',
  ];
  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next > 0) await pause(CHUNK_DELAY_MS);
      const frame = frames[next++];
      if (frame === undefined) return controller.close();
      controller.enqueue(encoder.encode(frame));
      if (next === frames.length) controller.close();
    },
  });
  return new Response(body, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' },
  });
}

/** OpenAI content is a string or an array of parts; only text parts matter here. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p: unknown) => (p && typeof p === 'object' && 'text' in p && typeof p.text === 'string' ? p.text : '')).join(' ');
  }
  return '';
}

/** Words with their trailing whitespace, so concatenating the chunks restores the answer exactly. */
function words(text: string): string[] {
  return text.match(/\s*\S+\s*/gy) ?? [];
}

function groups(items: string[], size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size).join(''));
  return out;
}
