/**
 * The flusher over a real Outbox (memory store), a scripted `send`, tab sync without Web Locks or
 * BroadcastChannel, and fake timers (setTimeout and Date) so retry and pause timing is exact.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEEPALIVE_BUDGET_BYTES, payloadOf, type RecordKind } from '../core/outbox-record.ts';
import type { LoggerEvent } from '../core/public-types.ts';
import type { Message } from '../core/schema.ts';
import type { SupportCopilotError } from '../core/support-copilot-error.ts';
import { createMemoryStore } from '../storage/memory-store.ts';
import { createOutbox } from '../storage/outbox.ts';
import { createFlusher, type Flusher } from './flusher.ts';
import type { SendResult } from './http-send.ts';
import { createKeepaliveBudget } from './keepalive-budget.ts';
import { createTabSync, type TabMessage, type TabSync } from './tab-sync.ts';
import { deferred, tick, until } from '../core/test-waits.harness.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const ISO = new Date(T0).toISOString();
const msg = (id: string, content = 'hi'): Message => ({ id, role: 'user', content, createdAt: ISO, updatedAt: ISO });


interface Call {
  kind: RecordKind;
  body: string;
  json: { id: string; messages?: Message[] } & Record<string, unknown>;
  keepalive: boolean;
}


const flushers: Flusher[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
});
afterEach(() => {
  for (const f of flushers.splice(0)) f.stop();
  vi.useRealTimers();
});

/** `wallShift`: how far the wall clock (Date.now, what is stored) is from the timers' clock (monotonic). */
function setup(o: { afterLock?: () => Promise<void> | undefined; enabled?: () => boolean; outbox?: ReturnType<typeof createOutbox>; wallShift?: () => number; keepalive?: ReturnType<typeof createKeepaliveBudget> } = {}) {
  const wall = () => Date.now() + (o.wallShift?.() ?? 0);
  const outbox =
    o.outbox ??
    createOutbox({
      store: createMemoryStore(),
      now: wall,
      clock: () => Date.now(),
      settleMs: () => 60_000,
      maxStoredBytes: () => 50_000_000,
      emit: () => {},
      report: () => {},
      changed: () => {},
    });
  const replies: (SendResult | ReturnType<typeof deferred<SendResult>>)[] = [];
  const calls: Call[] = [];
  const send = async (kind: RecordKind, body: string, keepalive: boolean): Promise<SendResult> => {
    calls.push({ kind, body, json: JSON.parse(body), keepalive });
    const r = replies.shift();
    if (r === undefined) return { status: 200 };
    return 'promise' in r ? r.promise : r;
  };
  const real = createTabSync('t', { locks: undefined, Channel: undefined });
  const posted: TabMessage[] = [];
  const listeners: ((m: TabMessage) => void)[] = [];
  const lockAsks: string[] = [];
  const tabs: TabSync = {
    ...real,
    withLock(name, wait, fn) {
      lockAsks.push(name);
      // Web Locks let go a task or more after the callback settles: `afterLock` holds that moment open.
      return real.withLock(name, wait, fn).then(async (r) => (await o.afterLock?.(), r));
    },
    post(m) {
      posted.push(m);
      real.post(m);
    },
    onMessage(cb) {
      listeners.push(cb);
      real.onMessage(cb);
    },
  };
  const events: LoggerEvent[] = [];
  const errors: SupportCopilotError[] = [];
  const flusher = createFlusher({
    outbox,
    send,
    tabs,
    now: wall,
    clock: () => Date.now(),
    random: () => 0.5,
    flushDelayMs: 0,
    settleMs: () => 60_000,
    keepalive: o.keepalive ?? createKeepaliveBudget(),
    enabled: o.enabled ?? (() => true),
    emit: (e) => events.push(e),
    report: (e) => errors.push(e),
  });
  flushers.push(flusher);
  /** Holds the next reply until released. */
  const hold = () => {
    const d = deferred<SendResult>();
    replies.push(d);
    return (r: SendResult = { status: 200 }) => d.resolve(r);
  };
  return { outbox, flusher, calls, replies, hold, tabs: real, lockAsks, posted, deliver: (m: TabMessage) => listeners.forEach((l) => l(m)), events, errors };
}

const K = 'conversation:c1';

/** One message appended and its request held in flight: the first run, and how to let its request answer. */
async function oneInFlight() {
  const s = setup();
  await s.outbox.append('c1', {}, msg('m1'), false);
  const release = s.hold();
  const first = s.flusher.run();
  await until(() => s.calls.length === 1);
  return { s, release, first };
}

describe('createFlusher', () => {
  it('sends a pending conversation with its exact payload, then acks it', async () => {
    const s = setup();
    await s.outbox.append('c1', { projectId: 'p' }, msg('m1'), false);
    const stored = await s.outbox.append('c1', { projectId: 'p' }, msg('m2'), false);
    const results = await s.flusher.run();
    expect([...results]).toEqual([[K, { outcome: 'delivered' }]]);
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0]).toMatchObject({ kind: 'conversation', keepalive: false });
    expect(s.calls[0]!.body).toBe(JSON.stringify(payloadOf(stored)));
    expect(s.calls[0]!.json.messages).toEqual([msg('m1'), msg('m2')]);
    expect(await s.outbox.read(K)).toMatchObject({ rev: 2, ackedRev: 2, state: 'delivered' });
    expect(s.events).toEqual([{ type: 'delivered', key: K, rev: 2 }]);
    expect(s.posted).toEqual([
      { t: 'sending', key: K, sending: true },
      { t: 'changed', key: K, rev: 2 },
      { t: 'sending', key: K, sending: false },
    ]);
    expect(s.flusher.sending(K)).toBe(false);
    expect(s.flusher.inFlight()).toBe(0);
    // Nothing left: a second run sends nothing.
    expect((await s.flusher.run()).size).toBe(0);
    expect(s.calls).toHaveLength(1);
  });

  it("an old library's Array.from that ignores its function (as Prototype.js 1.6 did): still sends", async () => {
    const s = setup();
    await s.outbox.append('c1', { projectId: 'p' }, msg('m1'), false);
    const from = Array.from;
    Array.from = ((items: ArrayLike<unknown>) => from(items)) as typeof Array.from;
    try {
      expect([...(await s.flusher.run())]).toEqual([[K, { outcome: 'delivered' }]]);
    } finally {
      Array.from = from;
    }
    expect(s.calls).toHaveLength(1);
  });

  it('sends feedback and events to their kinds; delivered ones are deleted', async () => {
    const s = setup();
    await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    await s.outbox.upsert('event', 'e1', { type: 'x', entityType: 'message', messageId: 'm1' });
    const results = await s.flusher.run();
    expect([...results.values()].map((r) => r.outcome)).toEqual(['delivered', 'delivered']);
    expect(s.calls.map((c) => [c.kind, c.json.id]).sort()).toEqual([
      ['event', 'e1'],
      ['feedback', 'f1'],
    ]);
    expect(await s.outbox.read('feedback:f1')).toBeUndefined();
    expect(s.outbox.stats()).toMatchObject({ pending: 0, delivered: 0 });
  });

  it('the body sent is the revision read inside the lock, not the one seen when the run started', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1'), false);
    // Another holder of the document's lock (this tab, no Web Locks): the run waits for it.
    const lockHeld = deferred<void>();
    const holder = s.tabs.withLock(`send:${K}`, true, () => lockHeld.promise);
    const run = s.flusher.run({ wait: true });
    // The run has scanned (revision 1) and now waits for the lock.
    await until(() => s.lockAsks.length === 1, 'the run to ask for the lock');
    expect(s.lockAsks).toEqual([`send:${K}`]);
    await s.outbox.append('c1', {}, msg('m2'), false);
    expect(s.calls).toHaveLength(0);
    lockHeld.resolve();
    await holder;
    const results = await run;
    expect(results.get(K)).toEqual({ outcome: 'delivered' });
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0]!.json.messages!.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(await s.outbox.read(K)).toMatchObject({ rev: 2, ackedRev: 2, state: 'delivered' });
  });

  it('a revision appended while a request is in flight is sent next by the same run, and acked only when sent', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1'), false);
    const first = s.hold();
    const second = s.hold();
    const run = s.flusher.run();
    await until(() => s.calls.length === 1, 'first send');
    expect(s.flusher.sending(K)).toBe(true);
    expect(s.flusher.inFlight()).toBe(1);
    await s.outbox.append('c1', {}, msg('m2'), false);
    first();
    await until(() => s.calls.length === 2, 'second send');
    // The first response acknowledges revision 1 only.
    expect(await s.outbox.read(K)).toMatchObject({ rev: 2, ackedRev: 1, state: 'pending' });
    expect(s.outbox.stats()).toMatchObject({ pending: 1, delivered: 0 });
    second();
    expect((await run).get(K)).toEqual({ outcome: 'delivered' });
    expect(s.calls.map((c) => c.json.messages!.map((m) => m.id))).toEqual([['m1'], ['m1', 'm2']]);
    expect(await s.outbox.read(K)).toMatchObject({ rev: 2, ackedRev: 2, state: 'delivered' });
    expect(s.events.filter((e) => e.type === 'delivered')).toEqual([
      { type: 'delivered', key: K, rev: 1 },
      { type: 'delivered', key: K, rev: 2 },
    ]);
  });

  it('a 500 is retried with backoff: not re-sent before its time unless forced', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1'), false);
    s.replies.push({ status: 500, error: 'HTTP 500: boom' });
    const results = await s.flusher.run();
    expect(results.get(K)).toEqual({ outcome: 'retry', error: 'HTTP 500: boom' });
    const r = (await s.outbox.read(K))!;
    // attempt 1: [100 ms, 1 s); the random draw 0.5 gives 500 ms.
    expect(r.nextAttemptAt - T0).toBeGreaterThanOrEqual(100);
    expect(r.nextAttemptAt - T0).toBeLessThan(1_000);
    expect(r).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 500, lastError: 'HTTP 500: boom' });
    expect(s.events).toEqual([{ type: 'retry', key: K, status: 500, delayMs: 500 }]);
    expect(s.flusher.halted()).toBe(false);

    expect((await s.flusher.run()).size).toBe(0);
    await vi.advanceTimersByTimeAsync(499);
    expect(s.calls).toHaveLength(1);
    // An explicit flush ignores the backoff.
    expect((await s.flusher.run({ force: true })).get(K)).toEqual({ outcome: 'delivered' });
    expect(s.calls).toHaveLength(2);
    expect(s.calls[1]!.body).toBe(s.calls[0]!.body);
  });

  it('the retry timer sends a failed document again once its backoff is over', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1'), false);
    s.replies.push({ status: 'network', error: 'Failed to fetch' }, { status: 502 });
    await s.flusher.run();
    expect(s.events.at(-1)).toEqual({ type: 'retry', key: K, status: 'network', delayMs: 500 });
    await vi.advanceTimersByTimeAsync(499);
    expect(s.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => s.calls.length === 2);
    await until(() => s.events.length === 2);
    // attempt 2: [100 ms, 2 s); 0.5 gives 1 s.
    expect(s.events.at(-1)).toEqual({ type: 'retry', key: K, status: 502, delayMs: 1_000 });
    const r = (await s.outbox.read(K))!;
    expect(r).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 500 + 1_000, lastError: 'HTTP 502' });
    await vi.advanceTimersByTimeAsync(1_000);
    await until(() => s.calls.length === 3);
    await until(() => s.outbox.stats().delivered === 1);
    expect(await s.outbox.read(K)).toMatchObject({ state: 'delivered', attempts: 0, lastError: null });
  });

  it('honours Retry-After over a shorter backoff', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1'), false);
    s.replies.push({ status: 500, retryAfter: '30' });
    await s.flusher.run();
    expect(await s.outbox.read(K)).toMatchObject({ nextAttemptAt: T0 + 30_000 });
    expect(s.events).toEqual([{ type: 'retry', key: K, status: 500, delayMs: 30_000 }]);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(s.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => s.calls.length === 2, 'resend after Retry-After');
  });

  it.each([429, 503])('%i pauses every document until the pause ends, and tells the other tabs', async (status) => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    s.replies.push({ status, retryAfter: '10' });
    expect((await s.flusher.run()).get('conversation:a')).toEqual({ outcome: 'retry', error: `HTTP ${status}` });
    expect(s.flusher.halted()).toBe(true);
    expect(s.posted).toContainEqual({ t: 'pause', ms: 10_000 });

    // Another document, even forced, waits out the pause.
    await s.outbox.append('b', {}, msg('m1'), false);
    const during = await s.flusher.run({ force: true });
    expect(during.get('conversation:b')).toEqual({ outcome: 'paused' });
    expect(during.get('conversation:a')).toEqual({ outcome: 'paused' });
    expect(s.calls).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(9_999);
    expect(s.flusher.halted()).toBe(true);
    expect(s.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.flusher.halted()).toBe(false);
    await until(() => s.outbox.stats().delivered === 2, 'both delivered after the pause');
    expect(s.calls.slice(1).map((c) => c.json.id).sort()).toEqual(['a', 'b']);
  });

  it('a 429 without Retry-After pauses for the backoff delay', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    s.replies.push({ status: 429 });
    await s.flusher.run();
    // attempt 1 with the draw 0.5: 500 ms.
    expect(s.posted).toContainEqual({ t: 'pause', ms: 500 });
    expect(s.flusher.halted()).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(s.flusher.halted()).toBe(false);
  });

  it('a pause announced by another tab halts this one until then', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    s.deliver({ t: 'pause', ms: 5_000 });
    expect(s.flusher.halted()).toBe(true);
    expect((await s.flusher.run()).get('conversation:a')).toEqual({ outcome: 'paused' });
    expect(s.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(5_000);
    await until(() => s.calls.length === 1, 'send after the other tab’s pause');
  });

  it('401 blocks: halted, reported as unauthorized, nothing sent until resume()', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    s.replies.push({ status: 401, error: 'HTTP 401: bad key' });
    expect((await s.flusher.run()).get('conversation:a')).toEqual({ outcome: 'blocked', error: 'HTTP 401: bad key' });
    expect(s.flusher.halted()).toBe(true);
    expect(await s.outbox.read('conversation:a')).toMatchObject({ state: 'blocked', lastError: 'HTTP 401: bad key' });
    expect(s.errors.map((e) => [e.code, e.status, e.key])).toEqual([['unauthorized', 401, 'conversation:a']]);
    expect(s.events).toEqual([{ type: 'blocked', key: 'conversation:a', status: 401 }]);

    await s.outbox.append('b', {}, msg('m1'), false);
    expect((await s.flusher.run({ force: true })).get('conversation:b')).toEqual({ outcome: 'blocked', error: 'HTTP 401: bad key' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.calls).toHaveLength(1);

    s.flusher.resume();
    expect(s.flusher.halted()).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    await until(() => s.calls.length === 2, 'b sent after resume');
    expect(s.calls[1]!.json.id).toBe('b');
    // The blocked document itself waits for unblock (a configuration change or a new page).
    expect(await s.outbox.read('conversation:a')).toMatchObject({ state: 'blocked' });
    await s.outbox.unblock();
    await s.flusher.run();
    expect(s.calls.map((c) => c.json.id)).toEqual(['a', 'b', 'a']);
    expect(await s.outbox.read('conversation:a')).toMatchObject({ state: 'delivered' });
  });

  it('422 rejects: reported, kept, and not retried by later runs', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    s.replies.push({ status: 422, error: 'HTTP 422: messages.0 is bad' });
    expect((await s.flusher.run()).get('conversation:a')).toEqual({ outcome: 'rejected', error: 'HTTP 422: messages.0 is bad' });
    expect(s.flusher.halted()).toBe(false);
    expect(await s.outbox.read('conversation:a')).toMatchObject({ state: 'rejected', rev: 1, ackedRev: 0 });
    expect(s.errors.map((e) => [e.code, e.status, e.key])).toEqual([['rejected', 422, 'conversation:a']]);
    expect(s.errors[0]!.message).toContain('messages.0 is bad');
    expect(s.events).toEqual([{ type: 'rejected', key: 'conversation:a', status: 422 }]);
    expect((await s.flusher.run({ force: true })).size).toBe(0);
    expect((await s.flusher.run({ retryBlocked: true })).size).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(s.calls).toHaveLength(1);
  });

  it('a retryBlocked run (a new page load) gives blocked documents one more try', async () => {
    const first = setup();
    await first.outbox.append('a', {}, msg('m1'), false);
    first.replies.push({ status: 403 });
    await first.flusher.run();
    first.flusher.stop();
    expect(await first.outbox.read('conversation:a')).toMatchObject({ state: 'blocked' });

    const page2 = setup({ outbox: first.outbox });
    expect((await page2.flusher.run({ force: true })).size).toBe(0);
    expect(page2.calls).toHaveLength(0);
    expect((await page2.flusher.run({ retryBlocked: true })).get('conversation:a')).toEqual({ outcome: 'delivered' });
    expect(page2.calls).toHaveLength(1);
    expect(await first.outbox.read('conversation:a')).toMatchObject({ state: 'delivered', ackedRev: 1 });
  });

  it('keepalive runs stay within the shared 64 KiB budget: of two 40 KB documents only one goes with keepalive', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1', 'a'.repeat(40_000)), false);
    await s.outbox.append('b', {}, msg('m1', 'b'.repeat(40_000)), false);
    const releaseA = s.hold();
    const releaseB = s.hold();
    const run = s.flusher.run({ keepalive: true });
    await until(() => s.calls.length === 2, 'both in flight');
    expect(s.calls.every((c) => c.body.length > 40_000)).toBe(true);
    expect(s.calls.map((c) => c.keepalive).sort()).toEqual([false, true]);
    const keepaliveBytes = s.calls.filter((c) => c.keepalive).reduce((n, c) => n + new TextEncoder().encode(c.body).length, 0);
    expect(keepaliveBytes).toBeLessThanOrEqual(KEEPALIVE_BUDGET_BYTES);
    releaseA();
    releaseB();
    expect([...(await run).values()].map((r) => r.outcome)).toEqual(['delivered', 'delivered']);

    // The budget is given back when the requests end.
    await s.outbox.append('c', {}, msg('m1', 'c'.repeat(40_000)), false);
    await s.flusher.run({ keepalive: true });
    expect(s.calls[2]).toMatchObject({ keepalive: true, json: { id: 'c' } });
  });

  it('concurrent runs never send the same document twice at once', async () => {
    const { s, release, first } = await oneInFlight();
    expect(s.flusher.sending(K)).toBe(true);
    const second = await s.flusher.run({ force: true });
    expect(second.get(K)).toEqual({ outcome: 'busy' });
    expect(s.calls).toHaveLength(1);
    release();
    expect((await first).get(K)).toEqual({ outcome: 'delivered' });
    expect(s.flusher.sending(K)).toBe(false);
    expect(s.calls).toHaveLength(1);
  });

  // Regression (found by this test, fixed): a run that finds a document 'busy' (this tab
  // is already sending it, or another tab holds its lock) still calls armRetryTimer(), which sees
  // the document pending with nextAttemptAt 0 and schedules another run at once; that run is busy
  // too, and so on: a run (with a full outbox.scan(), an IndexedDB read of every record) every
  // timer tick for as long as the request is in flight, up to requestTimeoutMs (30 s).
  it('a run that finds the document busy does not spin while the request is in flight', async () => {
    const { s, release, first } = await oneInFlight();
    const scan = vi.spyOn(s.outbox, 'due');
    expect((await s.flusher.run()).get(K)).toEqual({ outcome: 'busy' });
    await vi.advanceTimersByTimeAsync(1_000);
    const scans = scan.mock.calls.length;
    release();
    await first;
    expect(scans).toBeLessThanOrEqual(3);
  });

  // A run that finds the document busy leaves it to its sender, which drains it: but a sender that has taken its
  // last look (nothing left) and not yet let go of the lock cannot see a revision written in that moment.
  it('a revision written while the sender lets go of the document (after its last look) is still sent', async () => {
    const gate = deferred<void>();
    let letting = false;
    const s = setup({ afterLock: () => (s?.calls.length ? ((letting = true), gate.promise) : undefined) });
    await s.outbox.append('c1', {}, msg('m1'), false);
    const first = s.flusher.run();
    await until(() => letting, 'the sender letting go');
    await s.outbox.append('c1', {}, msg('m2'), false);
    expect((await s.flusher.run()).get(K)).toEqual({ outcome: 'busy' });
    gate.resolve();
    await first;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.calls.map((c) => c.json.messages!.map((m) => m.id))).toEqual([['m1'], ['m1', 'm2']]);
  });

  it('a run with wait: true waits for the request this tab has in flight, then finds nothing left', async () => {
    const { s, release, first } = await oneInFlight();
    let settled = false;
    const waiting = s.flusher.run({ wait: true, force: true }).then((r) => ((settled = true), r));
    await tick();
    expect(settled).toBe(false);
    release();
    await first;
    expect((await waiting).get(K)).toEqual({ outcome: 'idle' });
    expect(s.calls).toHaveLength(1);
  });

  it('schedule() runs once after the delay, the earliest asked winning', async () => {
    const s = setup();
    await s.outbox.append('c1', {}, msg('m1'), false);
    s.flusher.schedule(1_000);
    s.flusher.schedule(50);
    s.flusher.schedule(5_000);
    await vi.advanceTimersByTimeAsync(49);
    expect(s.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => s.outbox.stats().delivered === 1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.calls).toHaveLength(1);
  });

  it('stop() stops: no run, no timer, and a run in progress sends no further revision', async () => {
    const { s, release, first: run } = await oneInFlight();
    await s.outbox.append('c1', {}, msg('m2'), false);
    s.flusher.stop();
    release();
    await run;
    expect(s.calls).toHaveLength(1);
    expect(await s.outbox.read(K)).toMatchObject({ rev: 2, ackedRev: 1 });
    expect((await s.flusher.run({ force: true })).size).toBe(0);
    s.flusher.schedule(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.calls).toHaveLength(1);
  });

  it('enabled() false sends nothing', async () => {
    let enabled = false;
    const s = setup({ enabled: () => enabled });
    await s.outbox.append('c1', {}, msg('m1'), false);
    expect((await s.flusher.run({ force: true })).size).toBe(0);
    s.flusher.schedule(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.calls).toHaveLength(0);
    expect(await s.outbox.read(K)).toMatchObject({ state: 'pending', ackedRev: 0 });
    enabled = true;
    expect((await s.flusher.run()).get(K)).toEqual({ outcome: 'delivered' });
  });

  describe('convergence after an unknown outcome', () => {
    it('a timed-out request, then a newer revision acknowledged: the latest is sent once more after the settle delay, then never again', async () => {
      const s = setup();
      await s.outbox.append('c1', {}, msg('m1'), false);
      s.replies.push({ status: 'network', error: 'no response within 30000 ms' });
      await s.flusher.run();
      expect(await s.outbox.read(K)).toMatchObject({ unsettledRev: 1, settleAt: T0 + 60_000 });
      await s.outbox.append('c1', {}, msg('m2'), false);
      await s.flusher.run({ force: true });
      expect(s.calls.map((c) => c.json.messages!.length)).toEqual([1, 2]);
      expect(s.outbox.stats()).toMatchObject({ pending: 0, delivered: 1, settling: 1 });
      // Not before the abandoned request could still land, even when forced.
      await s.flusher.run({ force: true });
      await vi.advanceTimersByTimeAsync(59_000);
      expect(s.calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1_000);
      await until(() => s.calls.length === 3, 'the convergence resend');
      await until(() => s.outbox.stats().settling === 0, 'settled');
      expect(s.calls[2]!.json.messages!.map((m) => m.id)).toEqual(['m1', 'm2']);
      const r = (await s.outbox.read(K))!;
      expect(r).not.toHaveProperty('unsettledRev');
      expect(r).toMatchObject({ state: 'delivered', ackedRev: 2 });
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(s.calls).toHaveLength(3);
    });

    it('a retry of the same revision acknowledged, nothing newer: no extra request', async () => {
      const s = setup();
      await s.outbox.append('c1', {}, msg('m1'), false);
      s.replies.push({ status: 'network', error: 'Failed to fetch' });
      await s.flusher.run();
      await vi.advanceTimersByTimeAsync(500);
      await until(() => s.calls.length === 2);
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(s.calls).toHaveLength(2);
      expect(s.outbox.stats()).toMatchObject({ delivered: 1, settling: 0 });
    });

    it('a 504 from a gateway is an unknown outcome too; a 500 is not', async () => {
      const s = setup();
      await s.outbox.append('a', {}, msg('m1'), false);
      await s.outbox.append('b', {}, msg('m1'), false);
      s.replies.push({ status: 504 }, { status: 500 });
      await s.flusher.run();
      expect(await s.outbox.read('conversation:a')).toMatchObject({ unsettledRev: 1 });
      expect(await s.outbox.read('conversation:b')).not.toHaveProperty('unsettledRev');
    });

    it('a tab that said it was sending and never said it finished died mid-request: taking over, this tab converges too', async () => {
      const s = setup();
      await s.outbox.append('c1', {}, msg('m1'), false);
      s.deliver({ t: 'sending', key: K, sending: true });
      await s.flusher.run();
      await s.outbox.append('c1', {}, msg('m2'), false);
      await s.flusher.run();
      expect(s.outbox.stats()).toMatchObject({ settling: 1 });
      await vi.advanceTimersByTimeAsync(60_000);
      await until(() => s.calls.length === 3, 'the convergence resend');
      // A tab that said it finished is no reason to converge.
      const t = setup();
      await t.outbox.append('c1', {}, msg('m1'), false);
      t.deliver({ t: 'sending', key: K, sending: true });
      t.deliver({ t: 'sending', key: K, sending: false });
      await t.flusher.run();
      await t.outbox.append('c1', {}, msg('m2'), false);
      await t.flusher.run();
      expect(t.outbox.stats()).toMatchObject({ settling: 0 });
    });
  });

  it('a redirect is a configuration error naming it: blocked, reported, the data kept', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    const error = 'https://old.example.com/conversations answered with a redirect: requests are not redirected; set analyticsUrl to the final address';
    s.replies.push({ status: 'redirect', error });
    expect((await s.flusher.run()).get('conversation:a')).toEqual({ outcome: 'blocked', error });
    expect(s.flusher.halted()).toBe(true);
    expect(await s.outbox.read('conversation:a')).toMatchObject({ state: 'blocked', ackedRev: 0, messages: [msg('m1')] });
    expect(s.events).toEqual([{ type: 'blocked', key: 'conversation:a', status: 'redirect' }]);
    expect(s.errors.map((e) => [e.code, e.message])).toEqual([['unauthorized', `${error}: delivery paused until the configuration changes`]]);
  });

  it('retries are timed by elapsed time: the wall clock moving back an hour does not delay them', async () => {
    let shift = 0;
    const s = setup({ wallShift: () => shift });
    await s.outbox.append('c1', {}, msg('m1'), false);
    s.replies.push({ status: 500 });
    await s.flusher.run();
    shift = -3_600_000;
    await vi.advanceTimersByTimeAsync(500);
    await until(() => s.calls.length === 2, 'the retry, on time');
    expect(s.outbox.stats()).toMatchObject({ delivered: 1 });
  });

  it('the keepalive budget is shared: what another sender holds is not used again', async () => {
    const budget = createKeepaliveBudget();
    expect(budget.take(40_000)).toBe(true);
    const s = setup({ keepalive: budget });
    await s.outbox.append('a', {}, msg('m1', 'a'.repeat(30_000)), false);
    await s.flusher.run({ keepalive: true });
    expect(s.calls[0]!.keepalive).toBe(false);
    budget.give(40_000);
    await s.outbox.append('a', {}, msg('m2', 'b'.repeat(100)), false);
    await s.flusher.run({ keepalive: true });
    expect(s.calls[1]!.keepalive).toBe(true);
  });
});
