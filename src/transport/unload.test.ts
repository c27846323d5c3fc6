/**
 * The pagehide sender over a real Outbox (memory), with a fake flusher, a fake tab channel whose
 * listener the test drives ('sending' / 'changed' from other tabs), and a scripted send.
 */
import { describe, expect, it } from 'vitest';
import { bodyBytes, KEEPALIVE_BUDGET_BYTES, payloadOf, type OutboxRecord, type RecordKind } from '../core/outbox-record.ts';
import type { Message } from '../core/schema.ts';
import { createMemoryStore } from '../storage/memory-store.ts';
import { createOutbox } from '../storage/outbox.ts';
import type { SendResult } from './http-send.ts';
import { createKeepaliveBudget } from './keepalive-budget.ts';
import type { TabMessage } from './tab-sync.ts';
import { createUnloadSender } from './unload.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const ISO = new Date(T0).toISOString();
const TIMEOUT = 30_000;
const msg = (id: string, content = 'hi'): Message => ({ id, role: 'user', content, createdAt: ISO, updatedAt: ISO });
const tick = () => new Promise<void>((r) => setImmediate(r));

function setup() {
  let t = T0;
  const outbox = createOutbox({
    store: createMemoryStore(),
    now: () => t,
    clock: () => t,
    settleMs: () => 60_000,
    maxStoredBytes: () => 50_000_000,
    emit: () => {},
    report: () => {},
    changed: () => {},
  });
  const sendingHere = new Set<string>();
  const keepalive = createKeepaliveBudget();
  let halted = false;
  let enabled = true;
  let listener: ((m: TabMessage) => void) | undefined;
  const calls: { kind: RecordKind; body: string; keepalive: boolean; reply: (r: SendResult) => void }[] = [];
  const pagehide = createUnloadSender({
    outbox,
    flusher: { sending: (key) => sendingHere.has(key), halted: () => halted },
    tabs: { onMessage: (cb) => void (listener = cb) },
    send: (kind, body, keepalive) => new Promise<SendResult>((reply) => calls.push({ kind, body, keepalive, reply })),
    now: () => t,
    keepalive,
    requestTimeoutMs: TIMEOUT,
    enabled: () => enabled,
  });
  return {
    outbox,
    pagehide,
    calls,
    sendingHere,
    /** A message from another tab. */
    deliver: (m: TabMessage) => listener!(m),
    hasListener: () => listener !== undefined,
    setHalted: (v: boolean) => void (halted = v),
    setEnabled: (v: boolean) => void (enabled = v),
    advance: (ms: number) => void (t += ms),
    keepalive,
    ids: () => calls.map((c) => (JSON.parse(c.body) as { id: string }).id),
  };
}

/** A conversation whose request body is exactly `bytes` long (ASCII content). */
async function sized(s: ReturnType<typeof setup>, id: string, bytes: number): Promise<OutboxRecord> {
  const probe = await s.outbox.append(id, {}, msg(`${id}-m`, ''), false);
  return s.outbox.append(id, {}, msg(`${id}-m`, 'x'.repeat(bytes - bodyBytes(probe))), false);
}

describe('createUnloadSender', () => {
  it('subscribes to other tabs’ messages at creation', () => {
    expect(setup().hasListener()).toBe(true);
  });

  it('sends every pending record once, with keepalive and its exact body; not delivered, blocked or rejected ones', async () => {
    const s = setup();
    const a = await s.outbox.append('a', {}, msg('m1'), false);
    const f = await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    const e = await s.outbox.upsert('event', 'e1', { type: 'x', entityType: 'message', messageId: 'm1' });
    // Waiting out a backoff does not matter here: this is the last chance.
    await s.outbox.append('backoff', {}, msg('m1'), false);
    const backoff = await s.outbox.fail('conversation:backoff', { kind: 'retry', pauseAll: false }, 'HTTP 500', 60_000, () => 0.5, 1);
    const done = await s.outbox.append('done', {}, msg('m1'), false);
    await s.outbox.ack('conversation:done', done.rev);
    await s.outbox.append('blocked', {}, msg('m1'), false);
    await s.outbox.fail('conversation:blocked', { kind: 'blocked' }, 'HTTP 401', undefined, () => 0.5, 1);
    await s.outbox.append('rejected', {}, msg('m1'), false);
    await s.outbox.fail('conversation:rejected', { kind: 'rejected' }, 'HTTP 422', undefined, () => 0.5, 1);

    expect(s.pagehide()).toBe(4);
    expect(s.calls.map((c) => [c.kind, c.keepalive])).toEqual([
      ['conversation', true],
      ['feedback', true],
      ['event', true],
      ['conversation', true],
    ]);
    expect(s.calls.map((c) => c.body)).toEqual([a, f, e, backoff!].map((r) => JSON.stringify(payloadOf(r))));
  });

  it('stays within the 64 KiB keepalive budget: skips what does not fit, still sends smaller ones after it', async () => {
    const s = setup();
    await s.outbox.append('big1', {}, msg('m1', 'a'.repeat(40_000)), false);
    await s.outbox.append('big2', {}, msg('m1', 'b'.repeat(40_000)), false);
    await s.outbox.append('small', {}, msg('m1', 'c'.repeat(1_000)), false);
    expect(s.pagehide()).toBe(2);
    expect(s.ids()).toEqual(['big1', 'small']);
    const total = s.calls.reduce((n, c) => n + new TextEncoder().encode(c.body).length, 0);
    expect(total).toBeLessThanOrEqual(KEEPALIVE_BUDGET_BYTES);
  });

  it('shares the budget with the hidden-page run: what that run holds is not used; a response gives it back', async () => {
    const s = setup();
    expect(s.keepalive.take(40_000)).toBe(true); // the flusher's keepalive request, still in flight
    await s.outbox.append('big', {}, msg('m1', 'a'.repeat(30_000)), false);
    await s.outbox.append('small', {}, msg('m1', 'c'.repeat(1_000)), false);
    expect(s.pagehide()).toBe(1);
    expect(s.ids()).toEqual(['small']);
    s.calls[0]!.reply({ status: 200 });
    await tick();
    s.keepalive.give(40_000);
    expect(s.keepalive.take(KEEPALIVE_BUDGET_BYTES)).toBe(true);
  });

  it('a body of exactly 65,536 bytes is sent; 65,537 is not', async () => {
    const fits = setup();
    expect(bodyBytes(await sized(fits, 'x', KEEPALIVE_BUDGET_BYTES))).toBe(65_536);
    expect(fits.pagehide()).toBe(1);
    const over = setup();
    expect(bodyBytes(await sized(over, 'x', KEEPALIVE_BUDGET_BYTES + 1))).toBe(65_537);
    expect(over.pagehide()).toBe(0);
    expect(over.calls).toHaveLength(0);
  });

  it('counts UTF-8 bytes, not characters', async () => {
    const s = setup();
    // 30,000 characters, 90,000 bytes.
    await s.outbox.append('euro', {}, msg('m1', '€'.repeat(30_000)), false);
    expect(s.pagehide()).toBe(0);
  });

  it('skips documents this tab is sending', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    await s.outbox.append('b', {}, msg('m1'), false);
    s.sendingHere.add('conversation:a');
    expect(s.pagehide()).toBe(1);
    expect(s.ids()).toEqual(['b']);
  });

  it('skips a document another tab signalled as sending within requestTimeoutMs', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    await s.outbox.append('b', {}, msg('m1'), false);
    s.deliver({ t: 'sending', key: 'conversation:a', sending: true });
    s.advance(TIMEOUT - 1);
    expect(s.pagehide()).toBe(1);
    expect(s.ids()).toEqual(['b']);
  });

  it('does not skip for an older signal (that tab died mid-request), nor once that tab said it finished', async () => {
    const dead = setup();
    await dead.outbox.append('a', {}, msg('m1'), false);
    dead.deliver({ t: 'sending', key: 'conversation:a', sending: true });
    dead.advance(TIMEOUT);
    expect(dead.pagehide()).toBe(1);

    const finished = setup();
    await finished.outbox.append('a', {}, msg('m1'), false);
    finished.deliver({ t: 'sending', key: 'conversation:a', sending: true });
    finished.deliver({ t: 'sending', key: 'conversation:a', sending: false });
    expect(finished.pagehide()).toBe(1);
  });

  it('skips a document whose newer revision another tab announced; the same revision is still sent', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false); // rev 1 here
    await s.outbox.append('b', {}, msg('m1'), false); // rev 1 here
    s.deliver({ t: 'changed', key: 'conversation:a', rev: 2 });
    s.deliver({ t: 'changed', key: 'conversation:a', rev: 1 }); // older news does not lower it
    s.deliver({ t: 'changed', key: 'conversation:b', rev: 1 });
    expect(s.pagehide()).toBe(1);
    expect(s.ids()).toEqual(['b']);
  });

  it('sends nothing when the flusher is halted or sending is disabled', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    s.setHalted(true);
    expect(s.pagehide()).toBe(0);
    s.setHalted(false);
    s.setEnabled(false);
    expect(s.pagehide()).toBe(0);
    expect(s.calls).toHaveLength(0);
  });

  it('records the acknowledgement of the revision sent when the response is 2xx, nothing otherwise', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    await s.outbox.append('b', {}, msg('m1'), false);
    await s.outbox.upsert('feedback', 'f1', { type: 'positive', messageId: 'm1' });
    expect(s.pagehide()).toBe(3);
    // A newer revision written while the request is out is not acknowledged by it.
    await s.outbox.append('a', {}, msg('m2'), false);
    s.calls[0]!.reply({ status: 204 });
    s.calls[1]!.reply({ status: 500, error: 'HTTP 500' });
    s.calls[2]!.reply({ status: 200 });
    await tick();
    await s.outbox.idle();
    expect(await s.outbox.read('conversation:a')).toMatchObject({ rev: 2, ackedRev: 1, state: 'pending' });
    expect(await s.outbox.read('conversation:b')).toMatchObject({ rev: 1, ackedRev: 0, state: 'pending', attempts: 0, lastError: null });
    expect(await s.outbox.read('feedback:f1')).toBeUndefined();
  });

  it('a network failure is ignored (the next page load delivers)', async () => {
    const s = setup();
    await s.outbox.append('a', {}, msg('m1'), false);
    expect(s.pagehide()).toBe(1);
    s.calls[0]!.reply({ status: 'network', error: 'Failed to fetch' });
    await tick();
    await s.outbox.idle();
    expect(await s.outbox.read('conversation:a')).toMatchObject({ ackedRev: 0, state: 'pending' });
  });
});
