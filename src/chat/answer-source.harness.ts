/** Helpers of the answer source's tests: a fake response, a context, the parts of an answer. */
import type { ProtocolLoader } from './protocols/protocol.ts';
import type { AnswerContext, AnswerPart } from '../widget-core/widget-types.ts';

export const enc = new TextEncoder();
export const load: ProtocolLoader = (name) => import(`./protocols/${name}.ts`).then((m: { protocol: never }) => m.protocol);

/** A Response whose body arrives as these byte chunks. */
export function streamed(chunks: (string | Uint8Array)[], init: ResponseInit = { headers: { 'content-type': 'text/event-stream' } }) {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const x of chunks) c.enqueue(typeof x == 'string' ? enc.encode(x) : x);
        c.close();
      },
    }),
    init,
  );
}
export const ctx = (signal = new AbortController().signal): AnswerContext => ({ conversationId: 'c1', messages: [{ role: 'user', content: 'How do I install it?' }], signal });
export const pieces = (s: string, n: number) => {
  const b = enc.encode(s);
  return Array.from({ length: Math.ceil(b.length / n) }, (_, i) => b.slice(i * n, (i + 1) * n));
};

export async function collect(it: AsyncIterable<string | AnswerPart>) {
  const parts: AnswerPart[] = [];
  for await (const p of it) parts.push(p as AnswerPart);
  const joined = (type: string) => parts.map((p) => (p.type == type ? (p as { delta: string }).delta : '')).join('');
  return {
    parts,
    text: joined('text-delta'),
    reasoning: joined('reasoning-delta'),
    sources: parts.filter((p) => p.type == 'source').map(({ type: _, ...s }) => JSON.parse(JSON.stringify(s))),
    finishes: parts.filter((p) => p.type == 'finish').map((p) => (p as { reason: string }).reason),
    errors: parts.filter((p) => p.type == 'error') as { message: string; permanent?: boolean }[],
  };
}
