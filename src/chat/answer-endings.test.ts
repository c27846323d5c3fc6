/**
 * Honest endings (issue 19), over the session harness with host sources that yield typed parts:
 * no text is a failure, never a stored empty answer; a cut-off answer is stored marked; a permanent
 * error is shown once and never retried by itself; transient failures get a bounded number of
 * automatic attempts; reasoning is never stored; sources from parts become the answer's links; Stop
 * works in every phase.
 */
import { describe, expect, it, vi } from 'vitest';
import type { AnswerPart, AnswerSource } from '../widget-core/widget-types.ts';
import { AnswerError } from './answer-error.ts';
import { AUTO_ATTEMPTS } from './answer-retry-state.ts';
import { answerWith, deferred, setup } from './chat-session.harness.ts';

const withParts =
  (...parts: (string | AnswerPart)[]): AnswerSource =>
  async function* () {
    for (const p of parts) yield p;
  };
const roles = async (s: ReturnType<typeof setup>, id: string) => (await s.stored(id)).map((m) => m.role);

describe('answer endings', () => {
  it('an answer without text (nothing, only reasoning, only sources, a finish) is a failure: not stored, chat_error, not retried by itself, even after a reload', async () => {
    for (const source of [
      withParts(),
      withParts({ type: 'reasoning-delta', delta: 'Hmm.' }, { type: 'finish', reason: 'length' }),
      withParts({ type: 'source', url: 'https://docs.example.com/a', title: 'A' }, { type: 'finish', reason: 'stop' }),
      withParts('  \n ', { type: 'keep-alive' }),
    ]) {
      const s = setup({ source });
      await s.logger.ready();
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const session = s.create();
      await session.send('q');
      expect(session.state.messages.map((m) => [m.role, m.content, m.failure])).toEqual([
        ['user', 'q', undefined],
        ['assistant', '', { kind: 'empty', transient: false }],
      ]);
      expect(await roles(s, session.conversationId())).toEqual(['user']);
      expect(s.fired.map((f) => f.name)).toEqual(['user_message_submitted', 'chat_error']);
      expect(s.fired[1]!.properties).toMatchObject({ messageId: 'id-1', kind: 'empty' });
      expect(s.shown.map((m) => m.role)).toEqual(['user']);
      await vi.advanceTimersByTimeAsync(600_000);
      const reloaded = s.create();
      await reloaded.loadHistory();
      expect(reloaded.state.messages.at(-1)).toMatchObject({ failure: { kind: 'empty', transient: false } });
      expect(s.contexts).toHaveLength(1);
      vi.useRealTimers();
    }
  });

  it('a cut-off answer is kept, stored with properties.finishReason, shown marked, after a reload too', async () => {
    for (const reason of ['length', 'content_filter', 'incomplete'] as const) {
      const s = setup({ source: withParts('Half of the', { type: 'finish', reason }) });
      const session = s.create();
      await session.send('q');
      expect(session.state.messages[1]).toMatchObject({ content: 'Half of the', state: 'done', finishReason: reason });
      const stored = await s.stored(session.conversationId());
      expect(stored[1]).toMatchObject({ role: 'assistant', content: 'Half of the', properties: { finishReason: reason } });
      const reloaded = s.create();
      await reloaded.loadHistory();
      expect(reloaded.state.messages[1], reason).toMatchObject({ content: 'Half of the', finishReason: reason });
      expect(s.contexts).toHaveLength(1);
    }
    // A complete answer carries no mark.
    const s = setup({ source: withParts('All of it', { type: 'finish', reason: 'stop' }) });
    const session = s.create();
    await session.send('q');
    expect((await s.stored(session.conversationId()))[1]!.properties).toBeUndefined();
  });

  it('reasoning shows while the assistant thinks and is never stored; sources from parts come first in the links, then the answer’s own, citation numbers never titles', async () => {
    const s = setup();
    const gate = deferred();
    s.setSource(async function* () {
      yield { type: 'reasoning-delta', delta: 'Looking in the install guide…' };
      yield { type: 'source', url: 'https://docs.example.com/install', title: 'Install guide', breadcrumbs: ['Docs', 'Start'] };
      await gate.promise;
      yield 'Run the installer [1](https://docs.example.com/install) and see [(2)](https://docs.example.com/faq) or [the blog](https://blog.example.com/x).';
      yield { type: 'source', url: 'https://docs.example.com/faq', title: 'FAQ' };
    });
    const session = s.create();
    const sent = session.send('How do I install it?');
    await vi.waitFor(() => expect(session.state.messages[1]).toMatchObject({ state: 'streaming', content: '', reasoning: 'Looking in the install guide…' }), { timeout: 1_000, interval: 2 });
    gate.resolve();
    await sent;
    const answer = session.state.messages[1]!;
    expect(answer.reasoning).toBeUndefined();
    expect(answer.links).toEqual([
      { url: 'https://docs.example.com/install', title: 'Install guide', breadcrumbs: ['Docs', 'Start'] },
      { url: 'https://docs.example.com/faq', title: 'FAQ' },
      { url: 'https://blog.example.com/x', title: 'the blog' },
    ]);
    const stored = (await s.stored(session.conversationId()))[1]!;
    expect(stored.content).not.toContain('Looking');
    expect(JSON.stringify(stored)).not.toContain('Looking in the install guide');
    expect(stored.links).toEqual(answer.links);
    // The collector gets them as stored (the payload validates).
    await s.logger.flush();
    expect(s.calls.at(-1)!.body.messages[1].links).toEqual(answer.links);
  });

  it('a permanent error mid-stream is shown once and never retried by itself, across a reload', async () => {
    const s = setup({ source: withParts('The answer', { type: 'error', message: 'prompt is too long (400)', permanent: true }) });
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const session = s.create();
    await session.send('q');
    expect(session.state.messages.at(-1)).toMatchObject({ failure: { kind: 'refused', transient: false } });
    expect(s.fired.at(-1)).toMatchObject({ name: 'chat_error', properties: { kind: 'refused', error: 'prompt is too long (400)' } });
    expect(await roles(s, session.conversationId())).toEqual(['user']);
    await vi.advanceTimersByTimeAsync(3_600_000);
    const reloaded = s.create();
    await reloaded.loadHistory();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(reloaded.state.messages.at(-1)).toMatchObject({ failure: { kind: 'refused', transient: false } });
    expect(s.contexts).toHaveLength(1);
    // A thrown AnswerError marked permanent is one too, whatever its status.
    s.setSource(async function* () {
      throw new AnswerError('context length exceeded', 503, '1', true);
    });
    await reloaded.retry(reloaded.state.messages.at(-1)!.id);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(s.contexts).toHaveLength(2);
    expect(reloaded.state.messages.at(-1)).toMatchObject({ failure: { kind: 'refused', transient: false } });
  });

  it(`transient failures: ${AUTO_ATTEMPTS} automatic retries, then the visitor's Retry (not reset by a reload); Retry starts a new count`, async () => {
    const s = setup();
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    s.setSource(async function* () {
      throw new AnswerError('Chat service error 500', 500);
    });
    const session = s.create();
    const sent = session.send('q');
    // An hour of a failing service: once by the visitor's send, then AUTO_ATTEMPTS by themselves.
    await vi.advanceTimersByTimeAsync(3_600_000);
    await sent;
    expect(s.contexts).toHaveLength(1 + AUTO_ATTEMPTS);
    expect(session.state.messages.at(-1)).toMatchObject({ failure: { kind: 'server', transient: false } });
    const reloaded = s.create();
    await reloaded.loadHistory();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(s.contexts).toHaveLength(1 + AUTO_ATTEMPTS);
    expect(reloaded.state.messages.at(-1)).toMatchObject({ failure: { kind: 'server', transient: false } });
    const retried = reloaded.retry(reloaded.state.messages.at(-1)!.id);
    await vi.advanceTimersByTimeAsync(3_600_000);
    await retried;
    expect(s.contexts).toHaveLength(2 * (1 + AUTO_ATTEMPTS));
  });

  it('a timeout counts as an attempt: a silent backend gets a bounded number of requests, not one every few seconds forever', async () => {
    const s = setup({ answerTimeoutMs: 2_000 });
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    s.setSource(async function* ({ signal }) {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const session = s.create();
    void session.send('q');
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(s.contexts).toHaveLength(1 + AUTO_ATTEMPTS);
    expect(session.state.messages.at(-1)).toMatchObject({ failure: { kind: 'timeout', transient: false } });
    session.stop();
  });
});

describe('stop in every phase', () => {
  it('thinking (no text yet): nothing is stored; the question waits for Retry, after a reload too', async () => {
    const s = setup();
    s.setSource(async function* ({ signal }) {
      yield { type: 'reasoning-delta', delta: 'Thinking hard' };
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const session = s.create();
    const sent = session.send('q');
    await vi.waitFor(() => expect(session.state.messages[1]?.reasoning).toBe('Thinking hard'), { timeout: 1_000, interval: 2 });
    session.stopAnswer();
    await sent;
    expect(session.state.busy).toBe(false);
    expect(session.state.messages.map((m) => [m.role, m.failure])).toEqual([
      ['user', undefined],
      ['assistant', { kind: 'stopped', transient: false }],
    ]);
    expect(await roles(s, session.conversationId())).toEqual(['user']);
    const reloaded = s.create();
    await reloaded.loadHistory();
    expect(reloaded.state.messages.at(-1)).toMatchObject({ failure: { kind: 'stopped', transient: false } });
    expect(s.contexts).toHaveLength(1);
    s.setSource(answerWith('answered on Retry'));
    await reloaded.retry(reloaded.state.messages.at(-1)!.id);
    expect(reloaded.state.messages.map((m) => m.content)).toEqual(['q', 'answered on Retry']);
  });

  it('waiting out a retry: the wait ends, nothing more is tried by itself', async () => {
    const s = setup();
    await s.logger.ready();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    s.setSource(async function* () {
      throw new AnswerError('Chat service error 503', 503, '60');
    });
    const session = s.create();
    const sent = session.send('q');
    await vi.waitFor(() => expect(session.state.messages.at(-1)).toMatchObject({ failure: { kind: 'busy', transient: true } }));
    session.stopAnswer();
    await sent;
    expect(session.state.messages.at(-1)).toMatchObject({ failure: { kind: 'stopped', transient: false } });
    await vi.advanceTimersByTimeAsync(600_000);
    expect(s.contexts).toHaveLength(1);
  });

  it('waiting for the lock (another tab answers): this tab never asks', async () => {
    const s = setup();
    const gate = deferred();
    s.setSource(async function* () {
      await gate.promise;
      yield 'from the first tab';
    });
    const a = s.create();
    const first = a.send('q');
    await vi.waitFor(() => expect(s.contexts).toHaveLength(1), { timeout: 1_000, interval: 2 });
    // The second tab (same page's lock guard) asks again for the same conversation, then stops while it waits.
    const b = s.create();
    const again = b.send('follow-up');
    // Asked (marked) and waiting for the lock the first tab holds.
    await vi.waitFor(() => expect(s.retries.read(b.conversationId(), b.state.messages[0]!.id)).toMatchObject({ kind: 'asked' }), { timeout: 1_000, interval: 2 });
    b.stopAnswer();
    await vi.waitFor(() => expect(b.state.messages.at(-1)).toMatchObject({ failure: { kind: 'stopped', transient: false } }), { timeout: 1_000, interval: 2 });
    gate.resolve();
    await Promise.all([first, again]);
    expect(s.contexts).toHaveLength(1);
  });
});
