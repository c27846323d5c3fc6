/** The in-memory outbox copies values on the way in and out, without structuredClone (missing in older browsers, or removed by a page). */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.ts';

const saved = globalThis.structuredClone;
afterEach(() => void (globalThis.structuredClone = saved));

describe('memory store', () => {
  it('works without structuredClone, and what it hands out is a copy', async () => {
    delete (globalThis as { structuredClone?: unknown }).structuredClone;
    const store = createMemoryStore();
    const value = { id: 'c1', messages: [{ id: 'm1', content: 'since 2024-01-01T00:00:00.000Z é' }], rev: 1 };
    await store.transact(new Map([['conversation:c1', { fns: [() => value] }]]));
    value.messages[0]!.content = 'changed by the caller after the write';
    const read = (await store.get('conversation:c1')) as typeof value;
    expect(read).toEqual({ id: 'c1', messages: [{ id: 'm1', content: 'since 2024-01-01T00:00:00.000Z é' }], rev: 1 });
    read.rev = 99;
    expect(((await store.get('conversation:c1')) as typeof value).rev).toBe(1);
  });
});
