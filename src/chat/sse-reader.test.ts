import { describe, expect, it } from 'vitest';
import { MAX_EVENT, sseReader, type SseEvent } from './sse-reader.ts';

/** The events (and comment count) of `chunks`, fed one by one, then the end. */
function read(chunks: string[], meter?: { steps: number }) {
  const events: SseEvent[] = [];
  let comments = 0;
  const feed = sseReader((e) => events.push(e), () => comments++, meter);
  for (const c of chunks) feed(c);
  feed('', true);
  return { events, comments };
}
const data = (chunks: string[]) => read(chunks).events.map((e) => e.data);

describe('sseReader: the HTML standard\'s event stream format', () => {
  it('joins the data lines of one event with a newline (the spec; one event per data line was the old reader\'s mistake)', () => {
    expect(data(['data: {"a":\ndata: 1}\n\n'])).toEqual(['{"a":\n1}']);
    expect(data(['data\ndata\n\n'])).toEqual(['\n']);
  });

  it('keeps event and id, ignores retry and unknown fields, strips one space after the colon only', () => {
    const { events } = read(['retry: 100\nfoo: bar\nevent: delta\nid: 7\ndata:  two spaces\n\ndata:x\n\n']);
    expect(events).toEqual([
      { event: 'delta', id: '7', data: ' two spaces' },
      { event: 'message', id: '7', data: 'x' },
    ]);
    // An id with NUL is ignored (the spec), the last id stays.
    expect(read(['id: 1\ndata: a\n\nid: b\0c\ndata: b\n\n']).events.map((e) => e.id)).toEqual(['1', '1']);
  });

  it('counts comments and dispatches nothing for them, or for an event without data', () => {
    const { events, comments } = read([': OPENROUTER PROCESSING\n\n:\n\nevent: ping\n\n']);
    expect(events).toEqual([]);
    expect(comments).toBe(2);
  });

  it('ends lines at CRLF, LF or CR, split at every point across chunks', () => {
    const text = '\ufeffdata: a\r\n\r\n: c\rdata: b\rdata: c\r\rdata: d\n\nid: 1\r\ndata: é👋\r\n\r\n';
    const want = ['a', 'b\nc', 'd', 'é👋'];
    for (let i = 0; i <= text.length; i++) expect(data([text.slice(0, i), text.slice(i)]), `split at ${i}`).toEqual(want);
    expect(data(text.split(''))).toEqual(want);
  });

  it('drops a BOM at the start of the stream only', () => {
    expect(data(['\ufeffdata: a\n\n'])).toEqual(['a']);
    expect(data(['data: a\n\n', '\ufeffdata: b\n\n'])).toEqual(['a']); // a BOM later is part of a field name: not `data`
  });

  it('still dispatches, at the end of the body, an event whose blank line never came', () => {
    expect(data(['data: [DONE]'])).toEqual(['[DONE]']);
    expect(data(['data: a\n'])).toEqual(['a']);
  });

  it('refuses an event that grows over MAX_EVENT before it ends: a RangeError, whether in one line or many', () => {
    const feed = sseReader(() => {});
    feed('data: ');
    expect(() => {
      for (let i = 0; i <= MAX_EVENT / 100_000; i++) feed('x'.repeat(100_000));
    }).toThrow(RangeError);
    const lines = sseReader(() => {});
    expect(() => {
      for (let i = 0; i <= MAX_EVENT / 100_000; i++) lines(`data: ${'x'.repeat(100_000)}\n`);
    }).toThrow(RangeError);
    // Long comments or many events are not one large event.
    const fine = sseReader(() => {});
    for (let i = 0; i < 30; i++) fine(`: ${'x'.repeat(100_000)}\n\ndata: ${'y'.repeat(100_000)}\n\n`);
  });
});

describe('sseReader is linear: each character is looked at a bounded number of times (by the LF search, the CR search, the field name search)', () => {
  const N = 2_000_000;
  const steps = (chunks: string[]) => {
    const meter = { steps: 0 };
    read(chunks, meter);
    return meter.steps / chunks.reduce((n, c) => n + c.length, 0);
  };
  const pieces = (s: string, size: number) => Array.from({ length: Math.ceil(s.length / size) }, (_, i) => s.slice(i * size, (i + 1) * size));

  it.each([
    ['100,000 tiny events in one chunk (eventsource-parser 3.0.6: 2.2 s)', () => ['data: x\n\n'.repeat(Math.round(N / 9))]],
    ['LF-only lines in one chunk (a scan for CR per line would be quadratic)', () => ['data: a\n'.repeat(N / 8)]],
    ['CR-only lines in one chunk', () => ['data: a\r'.repeat(N / 8)]],
    ['one line of 1.9 MB in 100-byte chunks (an unfinished line scanned again per chunk would be quadratic)', () => ['data: ', ...pieces('x'.repeat(1_900_000), 100), '\n\n']],
    ['comments in 1-byte chunks', () => pieces(': keep-alive\n\n'.repeat(N / 14 / 10), 1)],
    ['colons everywhere', () => [':::::::\n'.repeat(N / 8)]],
    ['a CRLF split across every chunk', () => pieces('data: a\r\n'.repeat(N / 9 / 10), 8)],
  ])('%s', (_, make) => {
    expect(steps(make())).toBeLessThanOrEqual(3);
  });
});
