import { describe, expect, it } from 'vitest';
import type { AnswerPart } from '../../widget-core/widget-types.ts';
import { ctx } from '../answer-source.harness.ts';
import { protocol } from './ai-sdk.ts';
import { protocol as text } from './text.ts';

function parts(body: string, cut = false): AnswerPart[] {
  const out: AnswerPart[] = [];
  const r = protocol.read!((p) => out.push(p), 'text/event-stream');
  r.push(body);
  r.end(cut);
  return out;
}
const ev = (...chunks: object[]) => chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('');

describe('ai-sdk: reading a UI message stream', () => {
  it('shows nothing for chunks of kinds it does not know or that carry nothing to show, or that are not JSON', () => {
    const body = ev({ type: 'start', messageId: 'm' }, { type: 'data-weather', data: { c: 20 } }, { type: 'tool-input-delta', toolCallId: 't', inputTextDelta: '{' }, { type: 'file', url: 'https://x.example/a.png', mediaType: 'image/png' }, { type: 'made-up' }, { type: 'text-delta', id: '1', delta: 42 }) + 'data: {"type":\n\n' + ev({ type: 'text-delta', id: '1', delta: 'ok' }, { type: 'finish' });
    expect(parts(body)).toEqual([
      { type: 'text-delta', delta: 'ok' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('maps its finish reasons; an abort, or no finish at all, is incomplete', () => {
    const end = (c: object) => parts(ev({ type: 'text-delta', id: '1', delta: 'a' }, c)).at(-1);
    expect(end({ type: 'finish', finishReason: 'length' })).toEqual({ type: 'finish', reason: 'length' });
    expect(end({ type: 'finish', finishReason: 'content-filter' })).toEqual({ type: 'finish', reason: 'content_filter' });
    expect(end({ type: 'finish', finishReason: 'tool-calls' })).toEqual({ type: 'finish', reason: 'stop' });
    expect(end({ type: 'abort', reason: 'stopped' })).toEqual({ type: 'finish', reason: 'incomplete' });
    expect(end({ type: 'text-end', id: '1' })).toEqual({ type: 'finish', reason: 'incomplete' });
  });

  it('takes sources from source-url, a source-document whose id is a URL, and a provideLinks tool\'s input; never a javascript: URL', () => {
    const got = parts(
      ev(
        { type: 'source-url', sourceId: 's1', url: 'https://docs.example.com/a', title: 'A' },
        { type: 'source-url', sourceId: 's2', url: 'javascript:alert(1)', title: 'Bad' },
        { type: 'source-document', sourceId: 'https://docs.example.com/b.pdf', mediaType: 'application/pdf', title: 'B' },
        { type: 'source-document', sourceId: 'doc-7', mediaType: 'text/plain', title: 'No URL' },
        { type: 'tool-input-available', toolCallId: 't', toolName: 'provideLinks', input: { links: [{ url: 'https://docs.example.com/c', title: 'C', breadcrumbs: ['Docs'] }] } },
        { type: 'finish' },
      ),
    );
    expect(got.filter((p) => p.type == 'source')).toEqual([
      { type: 'source', url: 'https://docs.example.com/a', title: 'A' },
      { type: 'source', url: 'https://docs.example.com/b.pdf', title: 'B' },
      { type: 'source', url: 'https://docs.example.com/c', title: 'C', breadcrumbs: ['Docs'] },
    ]);
  });

  it('sends what useChat sends: { id, messages as UIMessages with text parts, trigger } and chat.body\'s fields', async () => {
    const c = { ...ctx(), messages: [{ role: 'user' as const, content: 'Hi' }, { role: 'assistant' as const, content: 'Hello' }, { role: 'user' as const, content: 'Install?' }] };
    const { body } = await protocol.request!(c, { url: '/api/chat' }, { locale: 'fr' }, fetch);
    expect(body).toEqual({
      id: 'c1',
      messages: [
        { id: 'c1-0', role: 'user', parts: [{ type: 'text', text: 'Hi' }] },
        { id: 'c1-1', role: 'assistant', parts: [{ type: 'text', text: 'Hello' }] },
        { id: 'c1-2', role: 'user', parts: [{ type: 'text', text: 'Install?' }] },
      ],
      trigger: 'submit-message',
      locale: 'fr',
    });
  });
});

describe('text: every byte is answer text', () => {
  it('ends with stop, or incomplete when the body broke off', () => {
    for (const cut of [false, true]) {
      const out: AnswerPart[] = [];
      const r = text.read!((p) => out.push(p), 'text/plain');
      r.push('Hel');
      r.push('');
      r.push('lo');
      r.end(cut);
      expect(out).toEqual([{ type: 'text-delta', delta: 'Hel' }, { type: 'text-delta', delta: 'lo' }, { type: 'finish', reason: cut ? 'incomplete' : 'stop' }]);
    }
  });
});
