/** The two Outbox operations the visitor's history needs (issue 13): list conversations, forget a delivered one. */
import { describe, expect, it } from 'vitest';
import type { Message } from '../core/schema.ts';
import { createMemoryStore } from './memory-store.ts';
import { createOutbox } from './outbox.ts';

const ISO = '2026-01-01T09:00:00.000Z';
const msg = (id: string): Message => ({ id, role: 'user', content: id, createdAt: ISO, updatedAt: ISO });

function setup() {
  const now = () => Date.parse(ISO);
  const outbox = createOutbox({ store: createMemoryStore(), now, clock: now, settleMs: () => 60_000, maxStoredBytes: () => 1e9, emit: () => {}, report: () => {}, changed: () => {} });
  return outbox;
}

describe('Outbox: conversations() and forget()', () => {
  it('lists stored conversations only (not feedback or events)', async () => {
    const o = setup();
    await o.append('c1', {}, msg('m1'), false);
    await o.append('c2', {}, msg('m2'), false);
    await o.upsert('feedback', 'f1', { messageId: 'm1', type: 'positive' });
    expect((await o.conversations()).map((r) => r.id).sort()).toEqual(['c1', 'c2']);
  });

  it('forgets a delivered conversation, never one with undelivered data', async () => {
    const o = setup();
    const r = await o.append('c1', {}, msg('m1'), false);
    expect(await o.forget('c1')).toBe(false);
    expect((await o.conversations()).map((x) => x.id)).toEqual(['c1']);
    await o.ack('conversation:c1', r.rev);
    expect(await o.forget('c1')).toBe(true);
    expect(await o.conversations()).toEqual([]);
    expect(o.stats()).toMatchObject({ pending: 0, delivered: 0 });
    expect(await o.forget('never-stored')).toBe(true);
  });
});
