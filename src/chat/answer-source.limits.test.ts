/**
 * Untrusted bytes cannot freeze the page (issue 20, the parsing part): the work between two returns
 * to the event loop is bounded, whatever the body, and an answer's size is capped. Counted, never
 * timed: what the reader is pushed between two `pace()` calls (a new task), and the parts.
 */
import { describe, expect, it } from 'vitest';
import { createAnswerSource, MAX_TEXT, SLICE } from './answer-source.ts';
import { readOpenAi } from './protocols/openai.ts';
import { MAX_EVENT } from './sse-reader.ts';
import type { AnswerProtocol } from './protocols/protocol.ts';
import { collect, ctx, load, streamed } from './answer-source.harness.ts';

/** Runs `body` (in these pieces) through the openai reader, logging every push and every pace. */
async function run(chunks: string[], contentType = 'text/event-stream') {
  const log: (number | 'pace')[] = [];
  const spy: AnswerProtocol = {
    read(emit, type) {
      const r = readOpenAi(emit, type);
      return { push: (t) => (log.push(t.length), r.push(t)), end: (cut) => r.end(cut) };
    },
  };
  const source = createAnswerSource({ url: '/chat', protocol: 'text' }, async () => spy, async () => streamed(chunks, { headers: { 'content-type': contentType } }), async () => void log.push('pace'));
  const got = await collect(source(ctx()));
  // The most characters pushed between two returns to the event loop.
  let most = 0;
  let run = 0;
  for (const x of log) (x == 'pace' ? (run = 0) : (run += x), (most = Math.max(most, run)));
  return { ...got, most, paces: log.filter((x) => x == 'pace').length, pushed: log.reduce<number>((n, x) => n + (x == 'pace' ? 0 : x), 0) };
}

describe('the work between two returns to the event loop is bounded', () => {
  it('100,000 tiny events in one chunk: read in slices, a new task every 2 slices, a handful of parts', async () => {
    const body = 'data: {"choices":[{"delta":{"content":"a"}}]}\n\n'.repeat(100_000) + 'data: [DONE]\n\n';
    const got = await run([body]);
    expect(got.text).toBe('a'.repeat(100_000));
    expect(got.most).toBeLessThanOrEqual(2 * SLICE);
    expect(got.paces).toBeGreaterThanOrEqual(Math.floor(body.length / (2 * SLICE)));
    // One merged text part per slice, not one per event.
    expect(got.parts.length).toBeLessThanOrEqual(Math.ceil(body.length / SLICE) + 2);
  });

  it('small chunks arriving one by one: a new task at least every 2 slices of them too', async () => {
    const chunk = 'data: {"choices":[{"delta":{"content":"ab"}}]}\n\n';
    const got = await run(Array.from({ length: 20_000 }, () => chunk));
    expect(got.most).toBeLessThanOrEqual(2 * SLICE);
    expect(got.paces).toBeGreaterThanOrEqual(Math.floor((20_000 * chunk.length) / (2 * SLICE)));
  });
});

describe('what one answer may carry is capped: then a permanent "too large" error ends it', () => {
  const tooLarge = (got: Awaited<ReturnType<typeof run>>) => {
    expect(got.errors).toEqual([{ type: 'error', message: expect.stringMatching(/too large/), permanent: true }]);
    expect(got.finishes).toEqual(['error']);
  };

  it(`a 10 MB JSON answer is not parsed: read up to ${MAX_EVENT} characters, then refused`, async () => {
    const json = JSON.stringify({ choices: [{ message: { content: 'x'.repeat(10_000_000) } }] });
    const got = await run([json], 'application/json');
    tooLarge(got);
    expect(got.text).toBe('');
    expect(got.pushed).toBeLessThanOrEqual(MAX_EVENT + SLICE);
    expect(got.most).toBeLessThanOrEqual(2 * SLICE);
  });

  it(`more than ${MAX_TEXT} characters of text: the text up to there, then the error`, async () => {
    const delta = `data: {"choices":[{"delta":{"content":"${'y'.repeat(10_000)}"}}]}\n\n`;
    const got = await run([delta.repeat(120), 'data: [DONE]\n\n']);
    tooLarge(got);
    expect(got.text.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(got.text.length).toBeGreaterThan(MAX_TEXT - 20_000);
  });

  it('one event, or a tool call\'s arguments, too large to hold', async () => {
    tooLarge(await run([`data: {"choices":[{"delta":{"content":"${'z'.repeat(MAX_EVENT)}"}}]}\n\n`]));
    const args = `data: {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"provideLinks","arguments":"${'w'.repeat(500_000)}"}}]}}]}\n\n`;
    tooLarge(await run([args.repeat(5)]));
  });

  it('a huge part of a kind we do not know costs nothing but its bytes', async () => {
    const got = await run([`data: {"choices":[{"delta":{"audio":{"data":"${'A'.repeat(1_000_000)}"}}}]}\n\n`, 'data: {"choices":[{"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\n', 'data: [DONE]\n\n']);
    expect([got.text, got.finishes, got.errors]).toEqual(['ok', ['stop'], []]);
  });
});

describe('the other readers are paced and capped by the same code', () => {
  it.each([
    ['text', 'q'.repeat(MAX_TEXT + 5)],
    ['ai-sdk', `data: {"type":"text-delta","id":"1","delta":"${'q'.repeat(100_000)}"}\n\n`.repeat(11)],
  ] as const)('%s', async (protocol, body) => {
    const got = await collect(createAnswerSource({ url: '/chat', protocol }, load, async () => streamed([body]), async () => {})(ctx()));
    expect(got.errors.map((e) => e.permanent)).toEqual([true]);
    expect(got.text.length).toBeLessThanOrEqual(MAX_TEXT);
  });
});
