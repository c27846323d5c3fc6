/**
 * Answering, over the session harness: stop, regenerate, feedback kept in the stored answer,
 * durable answers (backoff and Retry-After, a wait that survives a "reload", refusals that wait
 * for Retry, one answer with two "tabs") and the delivery count in messages.
 */
import { describe, expect, it, vi } from 'vitest';
import { AnswerError } from './answer-error.ts';
import { answerWith, deferred, setup } from './chat-session.harness.ts';

describe('answering', () => {
  it('stop keeps the partial answer, stored with properties.stopped; it is not answered again after a reload', async () => {
    const s = setup();
    const gate = deferred();
    s.setSource(async function* () {
      yield 'Half of ';
      await gate.promise;
      yield 'it';
    });
    const session = s.create();
    const sent = session.send('q');
    await vi.waitFor(() => expect(session.state.messages[1]?.content).toBe('Half of '), { timeout: 1_000, interval: 2 });
    session.stopAnswer();
    await sent;
    expect(session.state.busy).toBe(false);
    expect(session.state.messages[1]).toMatchObject({ role: 'assistant', content: 'Half of ', state: 'done', stopped: true });
    const stored = await s.stored(session.conversationId());
    expect(stored.map((m) => [m.role, m.content, m.properties])).toEqual([
      ['user', 'q', undefined],
      ['assistant', 'Half of ', { stopped: true }],
    ]);
    const reloaded = s.create();
    await reloaded.loadHistory();
    expect(s.contexts).toHaveLength(1);
    expect(reloaded.state.messages[1]).toMatchObject({ content: 'Half of ', stopped: true });
  });

  it('regenerate appends a new answer to the last question; both stay, and the source does not get the first one', async () => {
    const s = setup({ source: answerWith('first') });
    const session = s.create();
    await session.send('q');
    s.setSource(answerWith('second'));
    await session.regenerate();
    expect(session.state.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'q'],
      ['assistant', 'first'],
      ['assistant', 'second'],
    ]);
    expect((await s.stored(session.conversationId())).map((m) => m.content)).toEqual(['q', 'first', 'second']);
    expect(s.contexts[1]!.messages).toEqual([{ role: 'user', content: 'q' }]);
  });

  it('a regenerate that fails for a transient reason says so and tries again by itself', async () => {
    const s = setup({ source: answerWith('first') });
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const session = s.create();
    await session.send('q');
    let calls = 0;
    s.setSource(async function* () {
      if (++calls === 1) throw new AnswerError('Chat service error 503', 503, '3');
      yield 'second';
    });
    const again = session.regenerate();
    await vi.waitFor(() => expect(session.state.messages.at(-1)).toMatchObject({ failure: { kind: 'busy', transient: true } }));
    expect(session.state.messages.map((m) => m.content)).toEqual(['q', 'first', '']);
    await vi.advanceTimersByTimeAsync(3_100);
    await again;
    expect(calls).toBe(2);
    expect(session.state.messages.map((m) => m.content)).toEqual(['q', 'first', 'second']);
    expect((await s.stored(session.conversationId())).map((m) => m.content)).toEqual(['q', 'first', 'second']);
  });

  it('feedback is kept in the stored answer (a reload shows it) and "Not helpful" reasons carry details', async () => {
    const s = setup({ source: answerWith('answer') });
    const session = s.create();
    await session.send('q');
    const answerId = session.state.messages[1]!.id;
    await session.feedback(answerId, 'negative', ['Inaccurate', 'Out of date'], 'The port is wrong');
    const stored = await s.stored(session.conversationId());
    expect(stored[1]).toMatchObject({ id: answerId, content: 'answer', properties: { feedback: 'negative' } });
    const reloaded = s.create();
    await reloaded.loadHistory();
    expect(reloaded.state.messages[1]).toMatchObject({ id: answerId, feedback: 'negative' });
    expect(s.fired.at(-1)).toMatchObject({
      name: 'assistant_negative_feedback_submitted',
      properties: { messageId: answerId, reasons: [{ label: 'Inaccurate', details: 'The port is wrong' }, { label: 'Out of date', details: 'The port is wrong' }] },
    });
    await s.logger.flush();
    const fb = s.calls.filter((c) => c.url.endsWith('/feedback'));
    expect(fb.at(-1)!.body).toMatchObject({
      id: `${answerId}-feedback`,
      type: 'negative',
      details: 'The port is wrong',
      reasons: [
        { label: 'Inaccurate', details: 'The port is wrong' },
        { label: 'Out of date', details: 'The port is wrong' },
      ],
    });
    // Reasons without text still send details (the SDK requires it).
    await session.feedback(answerId, 'negative', ['Inaccurate']);
    await s.logger.flush();
    expect(s.calls.filter((c) => c.url.endsWith('/feedback')).at(-1)!.body.reasons).toEqual([{ label: 'Inaccurate', details: '' }]);
  });

  it('a busy service (503, Retry-After 2 s) is waited out and answered by itself, with the wait stored', async () => {
    const s = setup();
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let calls = 0;
    s.setSource(async function* () {
      if (++calls === 1) throw new AnswerError('Chat service error 503', 503, '2');
      yield 'here you go';
    });
    const session = s.create();
    const sent = session.send('q');
    await vi.waitFor(() => expect(session.state.messages[1]).toMatchObject({ failure: { kind: 'busy', transient: true } }));
    expect(s.retries.read(session.conversationId(), 'id-1')).toMatchObject({ attempts: 1, kind: 'busy' });
    await vi.advanceTimersByTimeAsync(1_900);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    await sent;
    expect(calls).toBe(2);
    expect(session.state.messages.map((m) => [m.role, m.content, m.state])).toEqual([
      ['user', 'q', 'done'],
      ['assistant', 'here you go', 'done'],
    ]);
    expect(s.retries.read(session.conversationId(), 'id-1')).toBeUndefined();
  });

  it('after a reload, a stored wait is kept (then answered once), and a refusal waits for Retry', async () => {
    const s = setup();
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    s.setSource(async function* () {
      throw new AnswerError('Chat service error 500', 500, '10');
    });
    const tab = s.create();
    const sent = tab.send('q');
    await vi.waitFor(() => expect(tab.state.messages[1]).toMatchObject({ failure: { kind: 'server', transient: true } }));
    tab.stop(); // the tab closes
    await sent;
    const wait = s.retries.read(tab.conversationId(), 'id-1')!;
    expect(wait.nextAt).toBeGreaterThan(Date.now());
    s.setSource(answerWith('answered after the reload'));
    const reloaded = s.create();
    const loading = reloaded.loadHistory();
    await vi.waitFor(() => expect(reloaded.state.messages[1]).toMatchObject({ failure: { kind: 'server', transient: true } }));
    expect(s.contexts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(Math.max(0, wait.nextAt - Date.now()) + 1);
    await loading;
    expect(s.contexts).toHaveLength(2);
    expect(reloaded.state.messages.map((m) => m.content)).toEqual(['q', 'answered after the reload']);

    // A refusal (4xx) is stored too, and waits for the visitor.
    s.setSource(async function* () {
      throw new AnswerError('Chat service error 400', 400);
    });
    await reloaded.send('bad question');
    expect(reloaded.state.messages.at(-1)).toMatchObject({ failure: { kind: 'refused', transient: false } });
    const again = s.create();
    await again.loadHistory();
    expect(again.state.messages.at(-1)).toMatchObject({ failure: { kind: 'refused', transient: false } });
    expect(s.contexts).toHaveLength(3);
    s.setSource(answerWith('fine now'));
    await again.retry(again.state.messages.at(-1)!.id);
    expect(again.state.messages.at(-1)).toMatchObject({ content: 'fine now', state: 'done' });
  });

  it('two tabs with the same unanswered question answer it once', async () => {
    const s = setup();
    const gate = deferred();
    s.setSource(async function* () {
      await gate.promise;
      yield 'one answer';
    });
    const a = s.create();
    const id = a.conversationId();
    const stored = s.logger.conversation({ id });
    await stored.append({ id: 'u1', role: 'user', content: 'left unanswered' });
    // Asked in a widget that closed before answering (what the flow marks when a visitor asks).
    s.retries.write(id, { question: 'u1', attempts: 0, failures: 0, nextAt: Date.now(), kind: 'asked' });
    const b = s.create();
    const loads = [a.loadHistory(), b.loadHistory()];
    await vi.waitFor(() => expect(s.contexts).toHaveLength(1), { timeout: 1_000, interval: 2 });
    gate.resolve();
    await Promise.all(loads);
    expect(s.contexts).toHaveLength(1);
    expect((await s.stored(id)).map((m) => m.content)).toEqual(['left unanswered', 'one answer']);
    for (const tab of [a, b]) expect(tab.state.messages.map((m) => m.content)).toEqual(['left unanswered', 'one answer']);
  });

  it('a question the host logged (logMessage) is never answered by itself; one asked in the widget and interrupted is, after a reload', async () => {
    const s = setup({ source: answerWith('an answer') });
    const host = s.create();
    await host.log({ id: 'logged', role: 'user', content: 'typed in an agent console' });
    const reloaded = s.create();
    await reloaded.loadHistory();
    expect(s.contexts).toHaveLength(0);
    expect(reloaded.state.messages.map((m) => m.content)).toEqual(['typed in an agent console']);

    // Asked in the widget, the tab closed while the answer streamed: the next start answers it.
    const gate = deferred();
    s.setSource(async function* () {
      await gate.promise;
    });
    const sent = reloaded.send('asked in the widget');
    await vi.waitFor(() => expect(s.contexts).toHaveLength(1), { timeout: 1_000, interval: 2 });
    reloaded.stop();
    gate.resolve();
    await sent;
    s.setSource(answerWith('answered after the reload'));
    const next = s.create();
    await next.loadHistory();
    expect(s.contexts).toHaveLength(2);
    expect(next.state.messages.map((m) => m.content)).toEqual(['typed in an agent console', 'asked in the widget', 'answered after the reload']);
  });

  it('a question retried after a later one was answered is the one marked as asked: a reload answers it', async () => {
    const s = setup({ config: { maxStoredBytes: 100 }, source: answerWith('never') });
    const tab = s.create();
    await tab.send('too much for the outbox now').catch(() => {});
    const first = tab.state.messages[0]!.id;
    s.logger.update({ maxStoredBytes: 1_000_000 });
    s.setSource(answerWith('answer to the second'));
    await tab.send('second');
    // Retried: stored after the second, answered now; the tab closes while the answer streams.
    const gate = deferred();
    s.setSource(async function* () {
      await gate.promise;
    });
    const retried = tab.retry(first);
    await vi.waitFor(() => expect(s.contexts).toHaveLength(2), { timeout: 1_000, interval: 2 });
    tab.stop();
    gate.resolve();
    await retried;
    expect(s.retries.read(tab.conversationId(), first)).toMatchObject({ kind: 'asked' });
    s.setSource(answerWith('answer to the first'));
    const reloaded = s.create();
    await reloaded.loadHistory();
    expect(reloaded.state.messages.map((m) => m.content)).toEqual(['second', 'answer to the second', 'too much for the outbox now', 'answer to the first']);
  });

  it('the delivery count is in messages, not documents', async () => {
    const s = setup({ source: answerWith('a1') });
    const session = s.create();
    await session.send('q1');
    await session.feedback(session.state.messages[1]!.id, 'positive');
    // q1, its answer and the answer again with the vote: three message writes; the feedback document is not one.
    expect(session.state.pending).toBe(3);
    await s.logger.flush();
    expect(session.state.pending).toBe(0);
  });
});
