/**
 * The demo's answerer in each protocol the widget speaks (`POST /v1/demo/chat?protocol=...`), so a
 * newcomer sees, from the developer panel, what each backend looks like: a reasoning phase
 * (`reasoning=1`: the "Thinking..." state), sources handed over as a `provideLinks` tool call
 * (openai, inkeep) or `source-url` parts (ai-sdk) rather than only as links in the text, and a
 * cut-off answer (`cut=1`: `finish_reason: length` for openai and inkeep, `finishReason: length` for
 * ai-sdk, a connection that breaks off half-way for text). The answer itself is the FAQ answer of
 * server/demo-answer.ts. Deterministic, no model, no network.
 */
import { randomUUID } from 'node:crypto';
import { CHUNK_DELAY_MS } from './chat-completions.ts';
import { demoAnswer } from './demo-answer.ts';
import { extractLinks } from '../src/chat/extract-links.ts';

export const DEMO_PROTOCOLS = ['openai', 'inkeep', 'ai-sdk', 'text'] as const;
export type DemoProtocol = (typeof DEMO_PROTOCOLS)[number];
export interface DemoOptions {
  protocol: DemoProtocol;
  reasoning: boolean;
  cut: boolean;
}

export function demoOptions(url: URL): DemoOptions {
  const p = url.searchParams.get('protocol') as DemoProtocol;
  return { protocol: DEMO_PROTOCOLS.includes(p) ? p : 'openai', reasoning: url.searchParams.get('reasoning') === '1', cut: url.searchParams.get('cut') === '1' };
}

/** The last user message's text: Chat Completions' `content` (a string or parts) or a UIMessage's `parts` (the AI SDK's). */
export function demoQuestion(body: unknown): string {
  const messages = (body as { messages?: unknown } | null)?.messages;
  const last = Array.isArray(messages) ? [...messages].reverse().find((m) => m?.role === 'user') : undefined;
  const parts = typeof last?.content === 'string' ? [{ text: last.content }] : Array.isArray(last?.content) ? last.content : Array.isArray(last?.parts) ? last.parts : [];
  return parts.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join(' ');
}

/** Where a help page sits, for its source card: `/help/custom-domains#x` -> Help centre › Custom domains. */
const crumbs = (url: string) => {
  const [area, page] = new URL(url).pathname.split('/').filter(Boolean);
  const words = (s = '') => s.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
  return [area === 'docs' ? 'Widget docs' : 'Help centre', ...(page ? [words(page)] : [])];
};

export function demoProtocolAnswer(body: unknown, o: DemoOptions, origin: string): Response {
  const question = demoQuestion(body);
  const full = demoAnswer(question, origin);
  const text = o.cut ? full.slice(0, Math.max(40, Math.floor(full.length / 2))) : full;
  const links = extractLinks(full)
    .filter((l) => l.url.startsWith('http'))
    .map((l, i) => ({ label: String(i + 1), url: l.url, title: l.title ?? l.url, breadcrumbs: crumbs(l.url) }));
  const thoughts = o.reasoning ? [`Looking for "${question.slice(0, 60)}" in the help centre. `, `Found ${links.length || 'no'} matching guide${links.length === 1 ? '' : 's'}; `, 'writing the answer.'] : [];
  const pieces = text.match(/\s*\S+\s*/gy)?.reduce<string[]>((out, w, i) => (i % 3 ? (out[out.length - 1] += w) : out.push(w), out), []) ?? [];
  const frames = FRAMES[o.protocol]({ thoughts, pieces, links, cut: o.cut });
  return new Response(paced(frames, o.protocol === 'text' && o.cut), { headers: HEADERS[o.protocol] });
}

interface Answer {
  thoughts: string[];
  pieces: string[];
  links: { label: string; url: string; title: string; breadcrumbs: string[] }[];
  cut: boolean;
}

const sse = (o: unknown) => `data: ${typeof o === 'string' ? o : JSON.stringify(o)}\n\n`;

function chatCompletionFrames(a: Answer, model: string): string[] {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finish: string | null = null) => sse({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] });
  const args = JSON.stringify({ links: a.links });
  return [
    chunk({ role: 'assistant', content: '' }),
    ...a.thoughts.map((t) => chunk({ reasoning_content: t })),
    ...a.pieces.map((p) => chunk({ content: p })),
    ...(a.links.length ? [chunk({ tool_calls: [{ index: 0, id: 'call_demo', type: 'function', function: { name: 'provideLinks', arguments: '' } }] }), chunk({ tool_calls: [{ index: 0, function: { arguments: args } }] })] : []),
    chunk({}, a.cut ? 'length' : 'stop'),
    sse('[DONE]'),
  ];
}

const FRAMES: Record<DemoProtocol, (a: Answer) => string[]> = {
  openai: (a) => chatCompletionFrames(a, 'acme-help-search'),
  inkeep: (a) => chatCompletionFrames(a, 'inkeep-qa-expert'),
  'ai-sdk': (a) => [
    sse({ type: 'start' }),
    sse({ type: 'start-step' }),
    ...(a.thoughts.length ? [sse({ type: 'reasoning-start', id: 'r1' }), ...a.thoughts.map((delta) => sse({ type: 'reasoning-delta', id: 'r1', delta })), sse({ type: 'reasoning-end', id: 'r1' })] : []),
    ...a.links.map((l, i) => sse({ type: 'source-url', sourceId: `s${i}`, url: l.url, title: l.title })),
    sse({ type: 'text-start', id: 't1' }),
    ...a.pieces.map((delta) => sse({ type: 'text-delta', id: 't1', delta })),
    sse({ type: 'text-end', id: 't1' }),
    sse({ type: 'finish-step' }),
    sse({ type: 'finish', finishReason: a.cut ? 'length' : 'stop' }),
    sse('[DONE]'),
  ],
  text: (a) => a.pieces,
};

const SSE_HEADERS = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' };
const HEADERS: Record<DemoProtocol, Record<string, string>> = {
  openai: SSE_HEADERS,
  inkeep: SSE_HEADERS,
  // What the AI SDK's toUIMessageStreamResponse() sends (UI_MESSAGE_STREAM_HEADERS).
  'ai-sdk': { ...SSE_HEADERS, 'x-vercel-ai-ui-message-stream': 'v1' },
  text: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
};

/** The frames one by one, CHUNK_DELAY_MS apart (reasoning frames slower, so the thinking state shows); `breakOff`: the connection breaks after half. */
function paced(frames: string[], breakOff: boolean): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream({
    async pull(controller) {
      if (next > 0) await new Promise((r) => setTimeout(r, /reasoning/.test(frames[next - 1] ?? '') ? 8 * CHUNK_DELAY_MS : CHUNK_DELAY_MS));
      if (breakOff && next >= frames.length / 2) return controller.error(new Error('demo: the connection broke off'));
      const frame = frames[next++];
      if (frame === undefined) return controller.close();
      controller.enqueue(encoder.encode(frame));
    },
  });
}
