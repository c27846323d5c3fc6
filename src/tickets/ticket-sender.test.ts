/**
 * The ticket sender over the memory store, with a Web Locks stand-in shared by "tabs": submitted
 * once, sent once (also by two tabs, also with locks denied), retried with backoff and at once when
 * the connection returns, linked to its conversation once that has a stored message.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TicketOutcome, TicketSubmission } from '../widget-core/ticket-submission.ts';
import { createTicketSender, type TicketSenderDeps } from './ticket-sender.ts';
import { ticketRequest } from './ticket-request.fixture.ts';
import { openTicketStore } from './ticket-store.ts';

const T0 = Date.UTC(2026, 0, 1);
const request = (id = 'sub-1') => ticketRequest(id, T0);

/** Web Locks as the browser has them for `ifAvailable` and waiting requests, shared by the "tabs" of one test. */
function fakeLocks(): LockManager {
  const held = new Set<string>();
  const queue = new Map<string, (() => void)[]>();
  const release = (name: string) => {
    held.delete(name);
    queue.get(name)?.shift()?.();
  };
  return {
    async request(name: string, options: LockOptions, cb: (lock: Lock | null) => Promise<unknown>) {
      if (held.has(name)) {
        if (options.ifAvailable) return cb(null);
        await new Promise<void>((r) => queue.set(name, [...(queue.get(name) ?? []), r]));
      }
      held.add(name);
      try {
        return await cb({ name, mode: 'exclusive' } as Lock);
      } finally {
        release(name);
      }
    },
    query: async () => ({}),
  } as unknown as LockManager;
}

function setup(o: Partial<TicketSenderDeps> & { outcomes?: TicketOutcome[] } = {}) {
  const store = o.store ?? openTicketStore('tickets', undefined);
  const created: string[] = [];
  const outcomes = [...(o.outcomes ?? [])];
  const deps: TicketSenderDeps = {
    store,
    names: { tickets: 'tickets', ticketsPending: 'tickets-pending' },
    async create(r) {
      created.push(r.submissionId);
      return outcomes.shift() ?? { kind: 'created', ticket: { id: 'T-1', url: 'https://desk.example/T-1' } };
    },
    link: async () => true,
    changed: () => {},
    now: () => Date.now(),
    random: () => 0.5,
    locks: fakeLocks(),
    Channel: undefined,
    win: undefined,
    ...o,
  };
  return { store, created, sender: createTicketSender(deps), deps };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('ticket sender', () => {
  it('stores first, sends once, links, and the visitor sees it sent', async () => {
    const links: TicketSubmission[] = [];
    const { sender, store, created } = setup({ link: async (s) => (links.push(s), true) });
    const s = await sender.submit(request());
    expect((await store.get(s.id))?.state).toBeDefined();
    await vi.runAllTimersAsync();
    expect(created).toEqual(['sub-1']);
    expect(await store.get('sub-1')).toMatchObject({ state: 'sent', ticket: { id: 'T-1' }, linked: true });
    expect(links[0]!.ticket).toEqual({ id: 'T-1', url: 'https://desk.example/T-1' });
    await sender.run();
    expect(created).toEqual(['sub-1']);
  });

  it('retries transient failures with backoff, with the same submission id, until it is made', async () => {
    const { sender, store, created } = setup({ outcomes: [{ kind: 'retry', error: 'network' }, { kind: 'retry', error: 'HTTP 503' }] });
    await sender.submit(request());
    await flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(created).toEqual(['sub-1']);
    expect(await store.get('sub-1')).toMatchObject({ state: 'pending', attempts: 1, lastError: 'network' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(created).toEqual(['sub-1', 'sub-1', 'sub-1']);
    expect(await store.get('sub-1')).toMatchObject({ state: 'sent' });
  });

  it('going online tries at once, skipping the backoff', async () => {
    const { sender, created } = setup({ outcomes: [{ kind: 'retry', error: 'network', retryAfterMs: 3_600_000 }] });
    await sender.submit(request());
    await vi.advanceTimersByTimeAsync(0);
    expect(created).toHaveLength(1);
    await sender.run();
    expect(created).toHaveLength(1);
    await sender.run(true);
    expect(created).toHaveLength(2);
  });

  /** A window whose `online` and `visibilitychange` the test dispatches. */
  function fakeWindow(onLine: () => boolean) {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
    const win = Object.assign(new EventTarget(), { document: doc, navigator: { get onLine() { return onLine(); } } });
    return { win: win as unknown as Window, doc };
  }

  it('a long outage, then `online`: the request is made within a second, whatever the stored backoff', async () => {
    let offline = true;
    const { win } = fakeWindow(() => !offline);
    const { sender, created } = setup({ win, create: async (r) => (created.push(r.submissionId), offline ? { kind: 'retry', error: 'network' } : { kind: 'created', ticket: { id: 'T-1' } }) });
    await sender.submit(request());
    // An hour offline: attempts back off to the 5-minute cap.
    await vi.advanceTimersByTimeAsync(3_600_000);
    const during = created.length;
    expect(during).toBeGreaterThan(5);
    offline = false;
    win.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(created).toHaveLength(during + 1);
  });

  it('`online` during a pass (another submission is being sent): the next pass skips the backoff too', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const { win } = fakeWindow(() => true);
    const { sender, created, store } = setup({
      win,
      async create(r) {
        created.push(r.submissionId);
        if (r.submissionId === 'sub-2') await slow;
        return created.length === 1 ? { kind: 'retry', error: 'network', retryAfterMs: 3_600_000 } : { kind: 'created', ticket: { id: `T-${r.submissionId}` } };
      },
    });
    await sender.submit(request('sub-1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(await store.get('sub-1')).toMatchObject({ state: 'pending', attempts: 1 });
    await sender.submit(request('sub-2'));
    await vi.advanceTimersByTimeAsync(0);
    expect(created).toEqual(['sub-1', 'sub-2']);
    win.dispatchEvent(new Event('online'));
    release();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(created).toEqual(['sub-1', 'sub-2', 'sub-1']);
    expect((await store.get('sub-1'))?.state).toBe('sent');
  });

  it('the page visible again while online tries at once; visible while offline waits for the backoff', async () => {
    let onLine = false;
    const { win, doc } = fakeWindow(() => onLine);
    const { sender, created } = setup({ win, outcomes: [{ kind: 'retry', error: 'network', retryAfterMs: 3_600_000 }, { kind: 'retry', error: 'network', retryAfterMs: 3_600_000 }] });
    await sender.submit(request());
    await vi.advanceTimersByTimeAsync(0);
    expect(created).toHaveLength(1);
    doc.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(created).toHaveLength(1);
    onLine = true;
    doc.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(created).toHaveLength(2);
  });

  it('the view hears of an attempt as it starts, before its outcome', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const seen: number[] = [];
    const { sender, created } = setup({ changed: () => seen.push(created.length), create: async (r) => (created.push(r.submissionId), await slow, { kind: 'created', ticket: { id: 'T-1' } }) });
    await sender.submit(request());
    seen.length = 0;
    await vi.advanceTimersByTimeAsync(0);
    // Told before create() was called, while its outcome is still unknown.
    expect(seen).toContain(0);
    release();
    await vi.runAllTimersAsync();
  });

  it('two tabs, one submission: one request', async () => {
    const store = openTicketStore('tickets', undefined);
    const locks = fakeLocks();
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const a = setup({ store, locks, create: async (r) => (a.created.push(r.submissionId), await slow, { kind: 'created', ticket: { id: 'T-9' } }) });
    const b = setup({ store, locks, create: async (r) => (b.created.push(r.submissionId), { kind: 'created', ticket: { id: 'T-10' } }) });
    await store.put((await import('../widget-core/ticket-submission.ts')).newSubmission(request(), T0));
    const runs = [a.sender.run(), b.sender.run()];
    await flush();
    release();
    await Promise.all(runs);
    await vi.runAllTimersAsync();
    expect([...a.created, ...b.created]).toEqual(['sub-1']);
    expect(await store.get('sub-1')).toMatchObject({ state: 'sent', ticket: { id: 'T-9' } });
  });

  it('where locks are denied (third-party frames), this tab alone sends, once', async () => {
    const denied = {
      request: async () => {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as LockManager;
    const { sender, created, store } = setup({ locks: denied });
    await sender.submit(request());
    await vi.runAllTimersAsync();
    await sender.run();
    expect(created).toEqual(['sub-1']);
    expect((await store.get('sub-1'))?.state).toBe('sent');
  });

  it('a refusal waits for the visitor: "Try again" sends it again', async () => {
    const { sender, created, store } = setup({ outcomes: [{ kind: 'failed', error: 'HTTP 422' }] });
    await sender.submit(request());
    await vi.runAllTimersAsync();
    expect(await store.get('sub-1')).toMatchObject({ state: 'failed', lastError: 'HTTP 422' });
    await vi.advanceTimersByTimeAsync(600_000);
    expect(created).toHaveLength(1);
    await sender.retry('sub-1');
    expect(created).toHaveLength(2);
    expect((await store.get('sub-1'))?.state).toBe('sent');
  });

  it('a ticket whose conversation has nothing stored yet is linked on a later run', async () => {
    let stored = false;
    const { sender, store } = setup({ link: async () => stored });
    await sender.submit(request());
    await vi.runAllTimersAsync();
    expect(await store.get('sub-1')).toMatchObject({ state: 'sent', linked: false });
    stored = true;
    await sender.run();
    expect((await store.get('sub-1'))?.linked).toBe(true);
  });

  it('stop() ends timers and runs', async () => {
    const { sender, created } = setup({ outcomes: [{ kind: 'retry', error: 'network' }] });
    await sender.submit(request());
    await vi.advanceTimersByTimeAsync(0);
    sender.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    await sender.run();
    expect(created).toHaveLength(1);
  });
});
