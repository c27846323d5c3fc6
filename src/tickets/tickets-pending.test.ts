/** The "a submission waits" flag, per project: one project's waiting ticket never loads another's sender. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { storageNames } from '../core/storage-names.ts';
import { ticketsPending } from './tickets-pending.ts';

afterEach(() => vi.unstubAllGlobals());

describe('tickets pending', () => {
  it("is each project's own", () => {
    const m = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) });
    const a = storageNames('key-a', 'https://api.example').ticketsPending;
    const b = storageNames('key-b', 'https://api.example').ticketsPending;
    ticketsPending(a, true);
    expect([ticketsPending(a), ticketsPending(b)]).toEqual([true, false]);
    ticketsPending(b, false);
    expect(ticketsPending(a)).toBe(true);
  });

  it('reads as nothing waiting where storage throws', () => {
    vi.stubGlobal('localStorage', { getItem: () => { throw new DOMException('denied', 'SecurityError'); } });
    expect(ticketsPending('k')).toBe(false);
  });
});
