/**
 * One answer streamed from typed parts (answer-stream.ts): what each part does, when the stream
 * ends (finish, idle timeout, overall cap, size cap) and what it costs the page (renders, the
 * characters handed to them, tasks yielded). Work is counted, never timed: time is fake.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnswerPart, AnswerSource } from '../widget-core/widget-types.ts';
import { AnswerError, AnswerTimeout } from './answer-error.ts';
import { MAX_ANSWER_CHARS, newAnswer, streamAnswer, waitOrOnline, type AnswerLimits } from './answer-stream.ts';

const ctx = { conversationId: 'c1', messages: [{ role: 'user' as const, content: 'q' }] };
const limits: AnswerLimits = { idleMs: 30_000, maxMs: 300_000 };

/** Streams `source` to its end; the answer, how it ended, how often it asked for a render. */
async function run(source: AnswerSource, l = limits) {
  const into = newAnswer();
  let renders = 0;
  let error: unknown;
  await streamAnswer(source, ctx, new AbortController().signal, l, into, () => void renders++).catch((e) => (error = e));
  return { into, renders, error };
}

/** A source of these parts that records how far it was read and whether it was told to stop. */
function parts(list: (string | AnswerPart | Record<string, unknown>)[]) {
  const seen = { pulled: 0, returned: false };
  const source: AnswerSource = () => ({
    [Symbol.asyncIterator]: () => ({
      next: async () => (seen.pulled < list.length ? { done: false, value: list[seen.pulled++] as AnswerPart } : { done: true, value: undefined }),
      return: async () => ((seen.returned = true), { done: true, value: undefined }),
    }),
  });
  return { source, seen };
}

afterEach(() => vi.useRealTimers());

describe('streamAnswer: parts', () => {
  it('appends text (strings and text deltas), keeps reasoning apart, ignores unknown parts and ends with the source (stop)', async () => {
    const { into, error } = await run(
      parts(['Hello', { type: 'reasoning-delta', delta: 'Let me look.' }, { type: 'text-delta', delta: ' world' }, { type: 'keep-alive' }, { type: 'data-progress', step: 2 }, null as never, { type: 'text-delta' }]).source,
    );
    expect(error).toBeUndefined();
    expect(into).toEqual({ content: 'Hello world', reasoning: 'Let me look.', sources: [], finish: 'stop' });
  });

  it('collects sources: http(s) only, one per URL (the first part about it), with breadcrumbs and description', async () => {
    const { into } = await run(
      parts([
        { type: 'source', url: 'https://docs.example.com/install', title: 'Install', breadcrumbs: ['Docs', ' ', 7, 'Install'], description: 'How to install' },
        { type: 'source', url: 'javascript:alert(1)', title: 'x' },
        { type: 'source', url: 'mailto:help@example.com', title: 'Mail' },
        { type: 'source', url: '/relative', title: 'Relative' },
        { type: 'source', url: 42 as never },
        { type: 'source', url: 'https://docs.example.com/install', title: 'Other' },
        { type: 'source', url: 'http://blog.example.com/post', title: '  ' },
      ]).source,
    );
    expect(into.sources).toEqual([
      { url: 'https://docs.example.com/install', title: 'Install', breadcrumbs: ['Docs', 'Install'], description: 'How to install' },
      { url: 'http://blog.example.com/post' },
    ]);
  });

  it('a finish part ends the answer with its reason; the source is told to stop and not read further', async () => {
    for (const reason of ['stop', 'length', 'content_filter', 'incomplete'] as const) {
      const { source, seen } = parts(['Partial', { type: 'finish', reason }, 'never read']);
      const { into } = await run(source);
      expect(into, reason).toMatchObject({ content: 'Partial', finish: reason });
      expect(seen, reason).toEqual({ pulled: 2, returned: true });
    }
    expect((await run(parts(['x', { type: 'finish', reason: 'nonsense' }]).source)).into.finish).toBe('stop');
  });

  it('an error part fails the answer: permanent when it says so; a finish with reason error is a transient failure', async () => {
    const permanent = (await run(parts(['Half', { type: 'error', message: 'prompt too long', permanent: true }]).source)).error;
    expect(permanent).toBeInstanceOf(AnswerError);
    expect(permanent).toMatchObject({ message: 'prompt too long', permanent: true });
    expect((await run(parts([{ type: 'error', message: 'overloaded' }]).source)).error).toMatchObject({ message: 'overloaded', permanent: false });
    expect((await run(parts(['x', { type: 'finish', reason: 'error' }]).source)).error).toMatchObject({ status: 500, permanent: false });
  });
});

describe('streamAnswer: timeouts measure silence', () => {
  it('any part is life: keep-alives, reasoning and unknown parts keep a slow answer going past the idle timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const beats: (AnswerPart | Record<string, unknown>)[] = [{ type: 'keep-alive' }, { type: 'reasoning-delta', delta: 'thinking' }, { type: 'tool-progress' }];
    const source: AnswerSource = async function* () {
      // Two minutes before any text, a part every 20 s: never 30 s of silence.
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 20_000));
        yield beats[i % 3] as AnswerPart;
      }
      yield 'At last.';
    };
    const done = run(source);
    await vi.advanceTimersByTimeAsync(125_000);
    const { into, error } = await done;
    expect(error).toBeUndefined();
    expect(into).toMatchObject({ content: 'At last.', finish: 'stop' });
  });

  it('silence for the idle timeout: a failure without text; with text, the text is kept as incomplete', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const stall = (first?: string): AnswerSource =>
      async function* () {
        if (first) yield first;
        await new Promise(() => {}); // stalls, ignoring its signal
      };
    const none = run(stall(), { idleMs: 2_000, maxMs: 300_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await none).error).toEqual(new AnswerTimeout('Nothing received for 2 s'));
    const some = run(stall('Half an'), { idleMs: 2_000, maxMs: 300_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await some).toMatchObject({ error: undefined, into: { content: 'Half an', finish: 'incomplete' } });
  });

  it('the overall cap ends a steady answer: kept as incomplete, or a timeout when no text came', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const steady = (part: string | AnswerPart): AnswerSource =>
      async function* () {
        for (;;) {
          await new Promise((r) => setTimeout(r, 1_000));
          yield part;
        }
      };
    const words = run(steady('word '), { idleMs: 30_000, maxMs: 10_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    const { into } = await words;
    expect(into.finish).toBe('incomplete');
    expect(into.content).toBe('word '.repeat(9));
    const thinking = run(steady({ type: 'reasoning-delta', delta: '.' }), { idleMs: 30_000, maxMs: 10_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await thinking).error).toEqual(new AnswerTimeout('No answer within 10 s'));
  });

  it('stop (the signal) ends it in any phase with the signal reason, the text so far in the answer', async () => {
    const ctrl = new AbortController();
    const into = newAnswer();
    const p = streamAnswer(
      async function* () {
        yield 'Some';
        await new Promise(() => {});
      },
      ctx,
      ctrl.signal,
      limits,
      into,
      () => {},
    );
    await vi.waitFor(() => expect(into.content).toBe('Some'));
    ctrl.abort('stop');
    await expect(p).rejects.toBe('stop');
  });
});

describe('streamAnswer: untrusted answers cannot freeze the page', () => {
  const tiny = (n: number, size = 10): AnswerSource =>
    async function* () {
      for (let i = 0; i < n; i++) yield 'x'.repeat(size - 1) + ' ';
    };

  it(`a 1 MB answer in 100,000 deltas stops at ${MAX_ANSWER_CHARS} characters, kept as length; the source is told to stop`, async () => {
    const list = Array.from({ length: 100_000 }, () => 'x'.repeat(9) + ' ');
    const { source, seen } = parts(list);
    const { into } = await run(source);
    expect(into.content).toHaveLength(MAX_ANSWER_CHARS);
    expect(into.finish).toBe('length');
    expect(seen).toEqual({ pulled: MAX_ANSWER_CHARS / 10, returned: true });
  });

  it('renders at most once per frame: 100,000 deltas ready at once ask for a bounded number of renders', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const done = run(tiny(100_000));
    await vi.runAllTimersAsync();
    const { renders, into } = await done;
    expect(into.finish).toBe('length');
    expect(renders).toBeLessThanOrEqual(1);
  });

  it('a long answer streamed steadily is rendered less often as it grows: the characters rendered stay a small multiple of the answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let rendered = 0;
    const into = newAnswer();
    // 100 characters per millisecond (fast for a model, the size cap reached after 2 s).
    const source: AnswerSource = async function* () {
      for (let i = 0; ; i++) {
        if (i % 10 == 0) await new Promise((r) => setTimeout(r, 1));
        yield 'x'.repeat(9) + ' ';
      }
    };
    let renders = 0;
    const done = streamAnswer(source, ctx, new AbortController().signal, limits, into, () => {
      renders++;
      rendered += into.content.length;
    });
    await vi.advanceTimersByTimeAsync(3_000);
    await done;
    expect(into.finish).toBe('length');
    // Once per frame (16 ms) this would be 125 renders of 100,000 characters on average: 12.5 M
    // characters parsed. Spaced by 1 ms per 1,000 characters, it is geometric: about 11 x the answer.
    expect(renders).toBeLessThanOrEqual(45);
    expect(rendered).toBeLessThanOrEqual(12 * MAX_ANSWER_CHARS);
  });

  it('a source with all its parts ready does not hold the page: other tasks run while it streams', async () => {
    // Only the clock is fake (timers are real): each part costs 1 ms of work, 2,000 parts would be 2 s of one task.
    vi.useFakeTimers({ toFake: ['Date'] });
    let ticks = 0;
    let streaming = true;
    const tick = () => {
      ticks++;
      if (streaming) setTimeout(tick);
    };
    setTimeout(tick);
    const { into } = await run(async function* () {
      for (let i = 0; i < 2_000; i++) {
        vi.setSystemTime(Date.now() + 1);
        yield 'x'.repeat(9) + ' ';
      }
    });
    streaming = false;
    expect(into.content).toHaveLength(20_000);
    expect(ticks).toBeGreaterThanOrEqual(100);
  });
});

describe('waitOrOnline', () => {
  it('resolves with "back" on online, or on visible while online; with nothing when the time is up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    const win = Object.assign(new EventTarget(), { document: doc as unknown as Document, navigator: { onLine: false } as Navigator });
    const signal = new AbortController().signal;
    const online = waitOrOnline(60_000, signal, win);
    win.dispatchEvent(new Event('online'));
    expect(await online).toBe('back');
    const visible = waitOrOnline(60_000, signal, win);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange')); // visible but offline: keeps waiting
    (win.navigator as { onLine: boolean }).onLine = true;
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange')); // online but hidden: keeps waiting
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(await visible).toBe('back');
    const timed = waitOrOnline(1_000, signal, win);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await timed).toBeUndefined();
  });
});
