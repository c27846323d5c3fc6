import { describe, expect, it } from 'vitest';
import type { AnswerPart } from '../../widget-core/widget-types.ts';
import { readOpenAi } from './openai.ts';
import { errorPart } from './stream-error.ts';
import { sourcePart } from './source-part.ts';
import { thinkTags } from './think-tags.ts';

/** The parts of a body read in these pieces. */
function parts(pieces: string[], contentType = 'text/event-stream', cut = false): AnswerPart[] {
  const out: AnswerPart[] = [];
  const r = readOpenAi((p) => out.push(p), contentType);
  for (const p of pieces) r.push(p);
  r.end(cut);
  return out;
}
const ev = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const delta = (d: object, finish: string | null = null) => ev({ choices: [{ index: 0, delta: d, finish_reason: finish }] });

describe('readOpenAi on adversarial and unusual input', () => {
  it('skips an event that is not JSON, and parts of kinds it does not know, as nothing', () => {
    expect(parts(['data: {"choices":[{"delta":{"content":"a"\n\n', 'data: <html>502</html>\n\n', delta({ audio: { id: 'x' }, annotations: [{ type: 'url_citation' }], function_call: 'f' }), delta({ content: 'b' }), 'data: [DONE]\n\n'])).toEqual([
      { type: 'text-delta', delta: 'b' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('ignores what comes after [DONE]', () => {
    expect(parts([delta({ content: 'ok' }), 'data: [DONE]\n\n', delta({ content: 'after' })]).map((p) => p.type)).toEqual(['text-delta', 'finish']);
  });

  it('ends honestly: [DONE] with the last finish_reason; without [DONE], the finish_reason seen, else incomplete', () => {
    const last = (ps: AnswerPart[]) => ps.at(-1);
    expect(last(parts([delta({ content: 'a' }, 'length'), 'data: [DONE]\n\n']))).toEqual({ type: 'finish', reason: 'length' });
    expect(last(parts([delta({ content: 'a' }, 'stop')]))).toEqual({ type: 'finish', reason: 'stop' });
    expect(last(parts([delta({ content: 'a' })]))).toEqual({ type: 'finish', reason: 'incomplete' });
    // A body that broke off is incomplete even after a finish_reason (its [DONE] never came).
    expect(last(parts([delta({ content: 'a' }, 'stop')], 'text/event-stream', true))).toEqual({ type: 'finish', reason: 'incomplete' });
    for (const [raw, reason] of [['tool_calls', 'stop'], ['function_call', 'stop'], ['max_tokens', 'length'], ['content_filter', 'content_filter'], ['eos', 'stop']])
      expect(last(parts([delta({ content: 'a' }, raw!), 'data: [DONE]\n\n'])), raw).toEqual({ type: 'finish', reason });
  });

  it('takes an `event: error` or a top-level vLLM error object as the error', () => {
    expect(parts(['event: error\ndata: {"message":"Overloaded","type":"overloaded_error"}\n\n'])).toEqual([
      { type: 'error', message: 'Overloaded', permanent: false },
      { type: 'finish', reason: 'error' },
    ]);
    expect(parts([ev({ object: 'error', message: 'Input too long', type: 'BadRequestError', code: 400 })])[0]).toEqual({ type: 'error', message: 'Input too long', permanent: true });
  });

  it('gathers tool call arguments by index across chunks; only provideLinks gives sources, at most 50, only http(s)', () => {
    const links = Array.from({ length: 60 }, (_, i) => ({ url: i % 2 ? `https://docs.example.com/${i}` : `javascript:alert(${i})`, title: `T${i}` }));
    const args = JSON.stringify({ links });
    const got = parts([
      delta({ tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'lookUp', arguments: '{"links":[{"url":"https://no.example/"}]}' } }] }),
      delta({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'provide', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 0, function: { name: 'Links', arguments: args.slice(0, 100) } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: args.slice(100) } }] }),
      'data: [DONE]\n\n',
    ]);
    const sources = got.filter((p) => p.type == 'source');
    expect(sources).toHaveLength(25);
    expect(sources[0]).toMatchObject({ url: 'https://docs.example.com/1', title: 'T1' });
    expect(sources.every((s) => (s as { url: string }).url.startsWith('https://docs.example.com/'))).toBe(true);
  });

  it('survives tool calls that are not what they should be', () => {
    for (const calls of [null, 'x', [null], [{ index: 1e9, function: { name: 'provideLinks', arguments: '{' } }], [{ function: { name: 'provideLinks', arguments: '{"links":"none"}' } }], [{ function: { name: 'provideLinks', arguments: '{"links":[null,1,"x",{"url":42}]}' } }]])
      expect(parts([delta({ tool_calls: calls }), 'data: [DONE]\n\n']).map((p) => p.type), JSON.stringify(calls)).toEqual(['finish']);
  });

  it('reads a whole JSON answer: reasoning, text, refusal, sources, its finish_reason', () => {
    const body = JSON.stringify({ choices: [{ message: { reasoning_content: 'r', content: 'a', refusal: null, tool_calls: [{ function: { name: 'provideLinks', arguments: '{"links":[{"url":"https://x.example/"}]}' } }] }, finish_reason: 'length' }] });
    expect(parts([body.slice(0, 10), body.slice(10)], 'application/json; charset=utf-8')).toEqual([
      { type: 'reasoning-delta', delta: 'r' },
      { type: 'text-delta', delta: 'a' },
      { type: 'source', url: 'https://x.example/' },
      { type: 'finish', reason: 'length' },
    ]);
    expect(() => parts(['<html>Bad gateway</html>'], 'application/json')).toThrow('Chat service sent an unreadable response');
  });
});

describe('thinkTags: reasoning written into the text, at its start only', () => {
  const split = (deltas: string[]) => {
    const out: AnswerPart[] = [];
    const t = thinkTags((p) => out.push(p));
    deltas.forEach((d) => t(d));
    t('', true);
    const of = (type: string) => out.filter((p) => p.type == type).map((p) => (p as { delta: string }).delta).join('');
    return [of('reasoning-delta'), of('text-delta')];
  };
  it.each([
    [['<think>a</think>b'], ['a', 'b']],
    [['  <thi', 'nk>a', 'b</th', 'ink>\n\nc'], ['ab', 'c']],
    [['<thought>x</thought>y'], ['x', 'y']],
    [['Hello <think>x</think>'], ['', 'Hello <think>x</think>']],
    [['<', 'b>bold</b>'], ['', '<b>bold</b>']],
    [['<think>never closed'], ['never closed', '']],
    [['<thinking>no</thinking>'], ['', '<thinking>no</thinking>']],
    [[' '.repeat(100) + 'x'], ['', ' '.repeat(100) + 'x']],
  ])('%j', (deltas, want) => expect(split(deltas)).toEqual(want));

  it('holds back no more than a closing tag while thinking (linear)', () => {
    const out: AnswerPart[] = [];
    const t = thinkTags((p) => out.push(p));
    t('<think>');
    for (let i = 0; i < 1000; i++) t('x'.repeat(100));
    const reasoned = out.map((p) => (p as { delta: string }).delta).join('').length;
    expect(100_000 - reasoned).toBeLessThan('</think>'.length);
  });
});

describe('errorPart: permanent when the request itself is wrong', () => {
  it.each([
    [{ message: 'm', type: 'invalid_request_error', code: 'context_length_exceeded' }, true],
    [{ message: 'prompt is too long: 210000 tokens > 200000 maximum', type: 'invalid_request_error' }, true],
    [{ message: 'Provider returned error', code: 502 }, false],
    [{ message: 'Rate limit reached', code: 429 }, false],
    [{ message: 'Your chosen model requires moderation', code: 403 }, true],
    [{ message: 'Insufficient credits', code: 402 }, true],
    [{ message: 'The server had an error while processing your request.', type: 'server_error' }, false],
    ['An error occurred.', false],
    [null, false],
  ])('%j', (e, permanent) => expect(errorPart(e)).toMatchObject({ type: 'error', permanent }));

  it('keeps messages bounded', () => expect((errorPart({ message: 'x'.repeat(5000) }) as { message: string }).message).toHaveLength(1000));
});

describe('sourcePart: only http(s), fields bounded', () => {
  it.each(['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,<b>', 'mailto:a@b.c', '/relative', 'https://' + 'a'.repeat(3000), 42, undefined])('refuses %j', (url) => expect(sourcePart({ url, title: 't' })).toBeUndefined());
  it('trims and bounds', () => {
    expect(sourcePart({ url: ' https://x.example/a ', title: ` ${'t'.repeat(400)} `, label: '1', description: 5, breadcrumbs: ['A', '', 7, ...Array(20).fill('B')], type: 'documentation' })).toEqual({
      type: 'source',
      url: 'https://x.example/a',
      title: 't'.repeat(300),
      breadcrumbs: ['A', 'B', 'B', 'B', 'B', 'B'],
    });
  });
});
