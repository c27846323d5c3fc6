import { describe, expect, it } from 'vitest';
import { sseDataParser } from './sse-lines.ts';

const feed = (chunks: string[]) => {
  const p = sseDataParser();
  return [...chunks.flatMap((c) => p(c)), ...p('', true)];
};

describe('sseDataParser', () => {
  it('returns data payloads of complete lines', () => {
    expect(feed(['data: {"a":1}\n\ndata: [DONE]\n\n'])).toEqual(['{"a":1}', '[DONE]']);
  });

  it('joins lines split across chunks, at every possible split point', () => {
    const text = 'data: {"x":"héllo"}\r\n\r\n: keep-alive\r\nevent: message\r\ndata:two\r\n\r\ndata: [DONE]\r\n\r\n';
    for (let i = 0; i <= text.length; i++) {
      expect(feed([text.slice(0, i), text.slice(i)]), `split at ${i}`).toEqual(['{"x":"héllo"}', 'two', '[DONE]']);
    }
    expect(feed(text.split(''))).toEqual(['{"x":"héllo"}', 'two', '[DONE]']);
  });

  it('handles LF, CRLF and lone CR line endings', () => {
    expect(feed(['data: a\ndata: b\r\ndata: c\rdata: d'])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('skips comments, blank lines and other fields; strips only one leading space', () => {
    expect(feed([': ping\n\nid: 3\nretry: 100\nevent: x\ndata:  spaced\ndata\ndatum: no\n'])).toEqual([' spaced', '']);
  });

  it('keeps an unterminated last line until the end', () => {
    const p = sseDataParser();
    expect(p('data: par')).toEqual([]);
    expect(p('tial')).toEqual([]);
    expect(p('', true)).toEqual(['partial']);
  });

  it('keeps U+2028 inside a payload', () => {
    expect(feed(['data: {"c":"a\u2028b"}\n'])).toEqual(['{"c":"a\u2028b"}']);
  });
});
