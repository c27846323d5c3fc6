/**
 * The DOM-free chat session over a real headless logger in memory (chat-session.harness.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { SupportCopilotError } from '../core/support-copilot-error.ts';
import { answerWith, deferred, errorOf, setup, silentButAbortable } from './chat-session.harness.ts';

describe('createChatSession', () => {
  it('starts a new conversation and remembers it in the pointer', async () => {
    const s = setup();
    const session = s.create();
    expect(session.conversationId()).toBe(s.pointer());
    expect(session.state).toEqual({ messages: [], busy: false, notice: null, pending: 0 });
  });

  it('send stores the question before the answer starts, streams the answer into state, then stores it', async () => {
    const s = setup();
    const session = s.create();
    const id = session.conversationId();
    const step = deferred();
    let storedAtStart: unknown[] = [];
    s.setSource(async function* () {
      storedAtStart = await s.stored(id);
      yield 'See ';
      await step.promise;
      yield '[the docs](https://docs.test/a).';
    });
    const sent = session.send('How do I reset?');
    // Shown at the next frame (a render at most once per frame, answer-stream.ts).
    await vi.waitFor(() => expect(session.state.messages[1]?.content).toBe('See '), { timeout: 1_000, interval: 2 });
    expect(storedAtStart).toEqual([expect.objectContaining({ id: 'id-1', role: 'user', content: 'How do I reset?' })]);
    expect(session.state.busy).toBe(true);
    expect(session.state.messages.map((m) => [m.id, m.role, m.state])).toEqual([
      ['id-1', 'user', 'done'],
      ['id-2', 'assistant', 'streaming'],
    ]);
    step.resolve();
    await sent;
    expect(session.state.busy).toBe(false);
    expect(session.state.messages[1]).toEqual({
      id: 'id-2',
      role: 'assistant',
      content: 'See [the docs](https://docs.test/a).',
      state: 'done',
      links: [{ url: 'https://docs.test/a', title: 'the docs' }],
    });
    expect(s.contexts[0]).toMatchObject({ conversationId: id, messages: [{ role: 'user', content: 'How do I reset?' }] });
    expect(s.fired).toEqual([
      { name: 'user_message_submitted', properties: { messageId: 'id-1' } },
      { name: 'assistant_message_received', properties: { messageId: 'id-2' } },
      { name: 'assistant_answer_displayed', properties: { messageId: 'id-2' } },
    ]);
    expect(s.shown.map((m) => [m.role, m.messageId])).toEqual([
      ['user', 'id-1'],
      ['assistant', 'id-2'],
    ]);
    const stored = await s.stored(id);
    expect(stored.map((m) => [m.id, m.role, m.content])).toEqual([
      ['id-1', 'user', 'How do I reset?'],
      ['id-2', 'assistant', 'See [the docs](https://docs.test/a).'],
    ]);
    expect(stored[1]!.links).toEqual([{ url: 'https://docs.test/a', title: 'the docs' }]);
    expect(s.changes()).toBeGreaterThan(3);
  });

  it('the conversation is stored with the configured fields and delivered by a flush', async () => {
    const s = setup({ source: answerWith('ok') });
    const session = s.create();
    await session.send('hello');
    await s.logger.flush();
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0]!.url).toBe('https://collector.test/conversations');
    expect(s.calls[0]!.body).toMatchObject({ id: session.conversationId(), supportTicketConversationId: 'T-1' });
    expect(s.calls[0]!.body.messages.map((m: { content: string }) => m.content)).toEqual(['hello', 'ok']);
  });

  it('without an answer source, the question is stored, the visitor is told (not stored), and one console error names the options', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const s = setup();
    const session = s.create();
    await session.send('anyone?');
    await session.send('hello?');
    expect(session.state.messages).toEqual([
      { id: 'id-1', role: 'user', content: 'anyone?', state: 'done' },
      { id: 'id-3', role: 'user', content: 'hello?', state: 'done' },
      { id: 'id-4', role: 'assistant', content: '', state: 'error', failure: { kind: 'no_source', transient: false } },
    ]);
    expect(session.state.busy).toBe(false);
    expect(s.fired.map((f) => f.name)).toEqual(['user_message_submitted', 'user_message_submitted']);
    expect((await s.stored(session.conversationId())).map((m) => m.content)).toEqual(['anyone?', 'hello?']);
    // Once per page, whatever the number of questions (an earlier test may have used it up: module state).
    expect(errors.mock.calls.length).toBeLessThanOrEqual(1);
    for (const [text] of errors.mock.calls) expect(String(text)).toMatch(/`chat`.*`answer`/);
    errors.mockRestore();
  });

  it('a failing source shows why (not the raw error) and fires chat_error; retry() answers again', async () => {
    const s = setup();
    s.setSource(async function* () {
      yield 'partial';
      throw new Error('upstream 502');
    });
    const session = s.create();
    const id = session.conversationId();
    await session.send('q');
    expect(session.state.busy).toBe(false);
    // An error the chat does not know (a host source's bug) is a refusal: no retry by itself, Retry offered.
    expect(session.state.messages[1]).toMatchObject({ id: 'id-3', role: 'assistant', content: '', state: 'error', failure: { kind: 'refused', transient: false } });
    expect(session.state.messages).toHaveLength(2);
    expect(s.fired.at(-1)).toEqual({ name: 'chat_error', properties: { messageId: 'id-1', error: 'upstream 502', kind: 'refused' } });
    expect((await s.stored(id)).map((m) => m.role)).toEqual(['user']);

    s.setSource(answerWith('second ', 'try'));
    await session.retry('id-3');
    expect(session.state.messages.map((m) => [m.id, m.role, m.state, m.content])).toEqual([
      ['id-1', 'user', 'done', 'q'],
      ['id-4', 'assistant', 'done', 'second try'],
    ]);
    // The failed answer is not in the history given to the source.
    expect(s.contexts[1]!.messages).toEqual([{ role: 'user', content: 'q' }]);
    expect((await s.stored(id)).map((m) => m.content)).toEqual(['q', 'second try']);
    expect(s.fired.slice(-2).map((f) => [f.name, f.properties.messageId])).toEqual([
      ['assistant_message_received', 'id-4'],
      ['assistant_answer_displayed', 'id-4'],
    ]);
  });

  it('an answer that sends nothing for its idle timeout fails with an error naming the seconds', async () => {
    const s = setup({ source: silentButAbortable, answerTimeoutMs: 2_000 });
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const session = s.create();
    const sent = session.send('q');
    await vi.waitFor(() => expect(session.state.busy).toBe(true));
    await vi.advanceTimersByTimeAsync(1_900);
    expect(session.state.messages[1]?.state).toBe('streaming');
    await vi.advanceTimersByTimeAsync(100);
    await vi.waitFor(() => expect(session.state.messages[1]).toMatchObject({ role: 'assistant', state: 'error', failure: { kind: 'timeout', transient: true } }));
    expect(session.state.busy).toBe(false);
    expect(s.fired.at(-1)).toEqual({ name: 'chat_error', properties: { messageId: 'id-1', error: 'Nothing received for 2 s', kind: 'timeout' } });
    // Transient: it waits (backoff, stored) and tries again by itself.
    expect(s.retries.read(session.conversationId(), 'id-1')).toMatchObject({ attempts: 1, kind: 'timeout' });
    session.stop();
    await sent;
  });

  it('each delta re-arms the timeout: a slow but steady answer is not cut off', async () => {
    const s = setup({ answerTimeoutMs: 2_000 });
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const steps = [deferred(), deferred(), deferred()];
    s.setSource(async function* () {
      for (const [i, step] of steps.entries()) {
        await step.promise;
        yield `${i}`;
      }
    });
    const session = s.create();
    const sent = session.send('q');
    await vi.waitFor(() => expect(session.state.busy).toBe(true));
    for (const step of steps) {
      await vi.advanceTimersByTimeAsync(1_500);
      step.resolve();
    }
    await sent;
    expect(session.state.messages[1]).toMatchObject({ state: 'done', content: '012' });
  });

  // Regression (found by this test, fixed): the timeout only aborts the signal given to the source; the
  // `for await` keeps waiting on the source's next() and is never interrupted. A source that does
  // not honour the signal (a host `answer` generator awaiting its own fetch) and stays silent
  // leaves the answer 'streaming' and `busy` true forever (the composer stays disabled), although
  // answerTimeoutMs promises "an answer that sends nothing for this long fails (with Retry)".
  it('the timeout fails the answer even when the source ignores its signal', async () => {
    const s = setup({ answerTimeoutMs: 2_000 });
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    s.setSource(async function* () {
      await new Promise(() => {}); // never yields, never looks at the signal
    });
    const session = s.create();
    void session.send('q');
    await vi.waitFor(() => expect(session.state.busy).toBe(true));
    await vi.advanceTimersByTimeAsync(2_500);
    expect(session.state.messages[1]).toMatchObject({ state: 'error', failure: { kind: 'timeout' } });
    expect(session.state.busy).toBe(false);
    session.stop();
  });

  it('newConversation() during streaming aborts the answer without an error and starts a new conversation', async () => {
    const s = setup();
    const gate = deferred();
    let signal: AbortSignal | undefined;
    s.setSource(async function* (ctx) {
      signal = ctx.signal;
      yield 'par';
      await gate.promise; // ignores the signal, keeps yielding: the session must drop it
      yield 'tial';
    });
    const session = s.create();
    const first = session.conversationId();
    const sent = session.send('q');
    await vi.waitFor(() => expect(session.state.messages[1]?.content).toBe('par'), { timeout: 1_000, interval: 2 });
    session.newConversation();
    expect(signal!.aborted).toBe(true);
    expect(session.state).toMatchObject({ messages: [], busy: false });
    const second = session.conversationId();
    expect(second).not.toBe(first);
    expect(s.pointer()).toBe(second);
    gate.resolve();
    await sent;
    expect(session.state).toMatchObject({ messages: [], busy: false });
    expect(s.fired.map((f) => f.name)).toEqual(['user_message_submitted']);
    // The partial answer is not stored anywhere.
    expect((await s.stored(first)).map((m) => m.role)).toEqual(['user']);
    expect(await s.stored(second)).toEqual([]);
  });

  // Regression (found by this test, fixed): a second send() while an answer streams aborts
  // the first answer (answerCtrl?.abort()), whose catch then returns early as "superseded" without
  // touching its message: that assistant message stays in state 'streaming' (spinner, no Retry)
  // for good. The panel disables Send while `busy`, so through the UI this needs a second question
  // sent while the first is being stored, before `busy` is set; the session API allows it freely.
  it('a second question while an answer streams does not leave the first answer streaming forever', async () => {
    const s = setup();
    const gate = deferred();
    let call = 0;
    s.setSource(async function* () {
      if (++call === 1) {
        yield 'one';
        await gate.promise;
        yield ' more';
      } else yield 'two';
    });
    const session = s.create();
    const first = session.send('q1');
    await vi.waitFor(() => expect(session.state.messages[1]?.content).toBe('one'), { timeout: 1_000, interval: 2 });
    await session.send('q2');
    gate.resolve();
    await first;
    expect(session.state.busy).toBe(false);
    expect(session.state.messages.filter((m) => m.state === 'streaming')).toEqual([]);
  });

  it('feedback sets the state and stores one feedback document per message', async () => {
    const s = setup({ source: answerWith('answer') });
    const session = s.create();
    await session.send('q');
    await session.feedback('id-2', 'positive');
    expect(session.state.messages[1]!.feedback).toBe('positive');
    expect(s.fired.at(-1)).toEqual({ name: 'assistant_positive_feedback_submitted', properties: { messageId: 'id-2', reasons: [] } });
    await session.feedback('id-2', 'negative');
    expect(session.state.messages[1]!.feedback).toBe('negative');
    expect(s.fired.at(-1)?.name).toBe('assistant_negative_feedback_submitted');
    await s.logger.flush();
    const feedback = s.calls.filter((c) => c.url === 'https://collector.test/feedback');
    expect(feedback).toHaveLength(1);
    expect(feedback[0]!.body).toMatchObject({ id: 'id-2-feedback', messageId: 'id-2', type: 'negative' });
  });

  it('loadHistory shows the stored messages of the remembered conversation', async () => {
    const s = setup();
    const earlier = s.logger.conversation({ id: 'conv-earlier' });
    await earlier.append({ id: 'u1', role: 'user', content: 'old question' });
    await earlier.append({ id: 'sys', role: 'system', content: 'not shown' });
    await earlier.append({ id: 'a1', role: 'assistant', content: 'old answer', links: [{ url: 'https://docs.test/x' }] });
    s.setPointer('conv-earlier');
    const session = s.create();
    expect(session.conversationId()).toBe('conv-earlier');
    await session.loadHistory();
    expect(session.conversationId()).toBe('conv-earlier');
    expect(s.pointer()).toBe('conv-earlier');
    expect(session.state.messages).toEqual([
      { id: 'u1', role: 'user', content: 'old question', links: null, state: 'done' },
      { id: 'a1', role: 'assistant', content: 'old answer', links: [{ url: 'https://docs.test/x' }], state: 'done' },
    ]);
    // The next question continues it.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await session.send('more');
    expect((await s.stored('conv-earlier')).map((m) => m.content)).toEqual(['old question', 'not shown', 'old answer', 'more']);
  });

  it('a remembered id with nothing stored starts a new conversation', async () => {
    const s = setup();
    s.setPointer('conv-gone');
    const session = s.create();
    await session.loadHistory();
    expect(session.conversationId()).not.toBe('conv-gone');
    expect(s.pointer()).toBe(session.conversationId());
    expect(session.state.messages).toEqual([]);
    await session.send('fresh');
    expect(await s.stored('conv-gone')).toEqual([]);
    expect(await s.stored(session.conversationId())).toHaveLength(1);
  });

  it('chosen() settles once the first loadHistory has chosen: a remembered id with nothing stored is already replaced then', async () => {
    const s = setup();
    s.setPointer('conv-gone');
    const session = s.create();
    let named: string | undefined;
    const chosen = session.chosen().then(() => void (named = session.conversationId()));
    await new Promise((r) => setTimeout(r));
    expect(named).toBeUndefined();
    await session.loadHistory();
    await chosen;
    expect(named).not.toBe('conv-gone');
    expect(named).toBe(session.conversationId());
  });

  it('chosen() settles before the answer the first loadHistory asks for, and when the history cannot be read', async () => {
    // A question left unanswered (the tab closed while its answer streamed): the next page answers it.
    const s = setup({ source: silentButAbortable });
    const tab = s.create();
    const sent = tab.send('unanswered');
    await vi.waitFor(() => expect(s.contexts).toHaveLength(1), { timeout: 1_000, interval: 2 });
    tab.stop();
    await sent;
    const answer = deferred();
    s.setSource(async function* () {
      await answer.promise;
      yield 'late';
    });
    const reloaded = s.create();
    let loaded = false;
    const loading = reloaded.loadHistory().then(() => void (loaded = true));
    await reloaded.chosen();
    expect(reloaded.conversationId()).toBe(tab.conversationId());
    await vi.waitFor(() => expect(s.contexts).toHaveLength(2), { timeout: 1_000, interval: 2 });
    expect(loaded).toBe(false);
    answer.resolve();
    await loading;
    expect(reloaded.state.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'late' });

    // A history that cannot be read (storage failing): chosen() still settles, and loadHistory() says why.
    const broken = setup();
    broken.setPointer('conv-x');
    const real = broken.logger.conversation.bind(broken.logger);
    vi.spyOn(broken.logger, 'conversation').mockImplementation((o) => ({ ...real(o), messages: () => Promise.reject(new Error('read failed')) }));
    const failing = broken.create();
    await expect(failing.loadHistory()).rejects.toThrow('read failed');
    await failing.chosen();
    expect(failing.conversationId()).toBe('conv-x');
  });

  it('chosen() does not wait for a history read when nothing is remembered (a read may wait on the engine start)', async () => {
    const s = setup();
    const real = s.logger.conversation.bind(s.logger);
    vi.spyOn(s.logger, 'conversation').mockImplementation((o) => ({ ...real(o), messages: () => new Promise<never>(() => {}) }));
    const session = s.create();
    void session.loadHistory();
    await session.chosen();
    expect(session.conversationId()).toBe(s.pointer());
  });

  it('follows a pointer changed by another tab', async () => {
    const s = setup();
    const session = s.create();
    await session.send('here');
    const other = s.logger.conversation({ id: 'conv-other-tab' });
    await other.append({ id: 'o1', role: 'user', content: 'from the other tab' });
    s.setPointer('conv-other-tab');
    await session.loadHistory();
    expect(session.conversationId()).toBe('conv-other-tab');
    expect(session.state.messages.filter((m) => !m.failure).map((m) => m.content)).toEqual(['from the other tab']);
    await session.send('continuing');
    expect((await s.stored('conv-other-tab')).map((m) => m.content)).toEqual(['from the other tab', 'continuing']);
  });

  // Regression (found by this test, fixed): following another tab's new conversation that has nothing
  // stored yet (the other tab pressed "new conversation" and has not sent anything) switches
  // `conv` to it but keeps the previous conversation's messages on screen (the start-over branch
  // only runs when the screen is empty). The visitor sees the old conversation while their next
  // question goes to the new one, and the answer source gets the old messages as its history.
  it('following another tab’s new, still empty conversation clears the old messages', async () => {
    const s = setup();
    const session = s.create();
    await session.send('old conversation');
    s.setPointer('conv-new-elsewhere');
    await session.loadHistory();
    expect(session.conversationId()).toBe('conv-new-elsewhere');
    expect(session.state.messages).toEqual([]);
  });

  it('a refused append keeps the message on screen with state error, worded by why (never the raw error)', async () => {
    const s = setup({ source: answerWith('never asked') });
    const session = s.create();
    await s.logger.ready();
    s.logger.destroy();
    const err = await errorOf(session.send('lost?'));
    expect(err.code).toBe('destroyed');
    expect(session.state.messages).toEqual([{ id: 'id-1', role: 'user', content: 'lost?', state: 'error', error: 'destroyed' }]);
    expect(session.state.busy).toBe(false);
    expect(s.fired).toEqual([]);
    expect(s.contexts).toEqual([]);
  });

  it('an invalid message is refused the same way (invalid_input)', async () => {
    const s = setup({ source: answerWith('x') });
    const session = s.create();
    const err = await errorOf(session.send('hi', 'x'.repeat(256)));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('id');
    expect(session.state.messages[0]).toMatchObject({ state: 'error', error: 'invalid_input' });
    expect(s.fired).toEqual([]);
  });

  it('a question refused for lack of room sets the notice; retry() stores it under the same id once there is room', async () => {
    const s = setup({ config: { maxStoredBytes: 100 }, source: answerWith('answered') });
    const session = s.create();
    const err = await errorOf(session.send('too much'));
    expect(err.code).toBe('storage_full');
    expect(session.state.notice).toBe(err.message);
    expect(session.state.messages).toEqual([{ id: 'id-1', role: 'user', content: 'too much', state: 'error', error: 'storage_full' }]);
    s.logger.update({ maxStoredBytes: 1_000_000 });
    await session.retry('id-1');
    expect(session.state.messages.map((m) => [m.id, m.role, m.state])).toEqual([
      ['id-1', 'user', 'done'],
      ['id-2', 'assistant', 'done'],
    ]);
    expect(session.state.messages[0]!.error).toBeUndefined();
    expect((await s.stored(session.conversationId())).map((m) => m.id)).toEqual(['id-1', 'id-2']);
  });

  it('loggerError(unauthorized) sets a notice; refresh() clears it only once nothing is pending or blocked', async () => {
    const s = setup();
    const session = s.create();
    await session.send('q');
    session.loggerError(new SupportCopilotError('unauthorized', 'HTTP 401'));
    expect(session.state.notice).toBe('Messages cannot be delivered right now (configuration error).');
    session.refresh();
    expect(session.state.pending).toBe(1);
    expect(session.state.notice).not.toBeNull();
    await s.logger.flush();
    session.refresh();
    expect(session.state.pending).toBe(0);
    expect(session.state.notice).toBeNull();
  });

  it('a real 401 keeps the notice while the document is blocked, until the key is fixed and it is delivered', async () => {
    const s = setup({ statuses: [401] });
    const session = s.create();
    await session.send('q');
    expect((await errorOf(s.logger.flush())).code).toBe('unauthorized');
    expect(s.errors.map((e) => e.code)).toContain('unauthorized');
    expect(session.state.notice).toBe('Messages cannot be delivered right now (configuration error).');
    session.refresh();
    expect(s.logger.stats()).toMatchObject({ pending: 0, blocked: 1 });
    expect(session.state.notice).not.toBeNull();
    s.logger.update({ apiKey: 'fixed' });
    await vi.waitFor(() => expect(s.logger.stats()).toMatchObject({ blocked: 0 }), { timeout: 1_000, interval: 2 });
    await s.logger.flush();
    session.refresh();
    expect(session.state.notice).toBeNull();
    expect(s.calls).toHaveLength(2);
  });

  it('snapshot() is the conversation shown, as events carry it', async () => {
    const s = setup({ source: answerWith('see [x](https://docs.test/x)') });
    const session = s.create();
    await session.send('q');
    expect(session.snapshot()).toEqual({
      id: session.conversationId(),
      type: 'support_copilot',
      messages: [
        { id: 'id-1', role: 'user', content: 'q', links: null },
        { id: 'id-2', role: 'assistant', content: 'see [x](https://docs.test/x)', links: [{ url: 'https://docs.test/x', title: 'x' }] },
      ],
    });
  });

  it('log() adds a host message to the conversation and shows it', async () => {
    const s = setup();
    const session = s.create();
    const m = await session.log({ role: 'assistant', content: 'from the host', id: 'h1' });
    expect(m).toMatchObject({ id: 'h1', role: 'assistant', content: 'from the host' });
    expect(session.state.messages).toEqual([{ id: 'h1', role: 'assistant', content: 'from the host', links: null, state: 'done' }]);
    expect((await s.stored(session.conversationId())).map((x) => x.id)).toEqual(['h1']);
  });
});
