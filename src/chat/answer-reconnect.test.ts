/**
 * Back online, a waiting question is asked at once (issue 20): `online`, or the page visible again
 * while online, cuts the stored backoff short (the analytics outbox does the same), at most once per
 * 5 s so a flapping connection cannot storm the service. Fake time, a window and navigator stand-in.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnswerSource } from '../widget-core/widget-types.ts';
import { AnswerError } from './answer-error.ts';
import { setup } from './chat-session.harness.ts';

afterEach(() => vi.unstubAllGlobals());

/** A browser whose connection the test switches; the chat source fails like fetch while it is off. */
async function offlineBrowser() {
  const win = Object.assign(new EventTarget(), { document: Object.assign(new EventTarget(), { visibilityState: 'visible' }) });
  const nav = { onLine: false };
  vi.stubGlobal('window', win);
  vi.stubGlobal('navigator', nav);
  // Backoff draws at the top of its range: the longest waits an outage can leave.
  vi.spyOn(Math, 'random').mockReturnValue(0.999);
  const s = setup();
  await s.logger.ready();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const notesAtAsk: boolean[] = [];
  let session: ReturnType<typeof s.create> | undefined;
  const source: AnswerSource = async function* () {
    notesAtAsk.push(session!.state.messages.some((m) => m.failure));
    if (!nav.onLine) throw new TypeError('Failed to fetch');
    yield 'Here you go.';
  };
  s.setSource(source);
  session = s.create();
  const back = (how: 'online' | 'visible') => {
    nav.onLine = true;
    if (how == 'online') win.dispatchEvent(new Event('online'));
    else win.document.dispatchEvent(new Event('visibilitychange'));
  };
  return { s, session, nav, win, back, notesAtAsk };
}

describe('reconnect at once', () => {
  for (const how of ['online', 'visible'] as const) {
    it(`after a ten-minute outage, ${how == 'online' ? '`online`' : 'the page visible again while online'}: the question is asked within a second, and the offline note goes as the attempt starts`, async () => {
      const { s, session, back, notesAtAsk } = await offlineBrowser();
      const sent = session.send('How do I install it?');
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(session.state.messages.at(-1)).toMatchObject({ failure: { kind: 'offline', transient: true } });
      // Offline failures back off (to the 5 min cap) but never use up the automatic attempts.
      const wait = s.retries.read(session.conversationId(), session.state.messages[0]!.id)!;
      expect(wait.nextAt - Date.now()).toBeGreaterThan(60_000);
      expect(wait.failures).toBe(0);
      const asked = s.contexts.length;
      back(how);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(s.contexts).toHaveLength(asked + 1);
      await sent;
      expect(notesAtAsk.at(-1)).toBe(false);
      expect(session.state.messages.map((m) => [m.role, m.content, m.state])).toEqual([
        ['user', 'How do I install it?', 'done'],
        ['assistant', 'Here you go.', 'done'],
      ]);
    });
  }

  it('a wait the service asked for (503 with Retry-After) is kept: the connection coming back says nothing about its load', async () => {
    const { s, session, back } = await offlineBrowser();
    let calls = 0;
    s.setSource(async function* () {
      if (++calls == 1) throw new AnswerError('Chat service error 503', 503, '120');
      yield 'Here you go.';
    });
    const sent = session.send('q');
    await vi.waitFor(() => expect(session.state.messages.at(-1)).toMatchObject({ failure: { kind: 'busy', transient: true } }));
    back('online');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    await sent;
    expect(calls).toBe(2);
  });

  it('a flapping connection: each return cuts the wait short at most once per 5 s', async () => {
    const { s, session, nav, win } = await offlineBrowser();
    const sent = session.send('q');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const before = s.contexts.length;
    // Back for an instant every second for a minute: fetch still fails each time.
    for (let i = 0; i < 60; i++) {
      win.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(1_000);
      nav.onLine = false;
    }
    expect(s.contexts.length - before).toBeLessThanOrEqual(60 / 5 + 1);
    expect(s.contexts.length - before).toBeGreaterThanOrEqual(60 / 5 - 1);
    session.stop();
    await sent;
  });
});
