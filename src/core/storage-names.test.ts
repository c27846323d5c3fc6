/**
 * Storage partitioned by project: every name that holds or signals a project's data depends on the
 * API key and the analytics URL (and on nothing else), none is an unpartitioned name of before, and
 * the visitor's own (the anonymous id) is shared.
 */
import { describe, expect, it } from 'vitest';
import { analyticsUrlOf } from './config.ts';
import { ANONYMOUS_ID_KEY, LEGACY_NAMES, partitionId, storageNames } from './storage-names.ts';

const URL_A = 'https://api.analytics.inkeep.com';
const names = (key: string, url?: string) => storageNames(key, analyticsUrlOf(url));

describe('storage names', () => {
  it('two projects of one origin share no name (every name, enumerated)', () => {
    const a = names('key-a', URL_A);
    const b = names('key-b', URL_A);
    const c = names('key-a', 'https://eu.analytics.example');
    const all = [a, b, c].flatMap((n) => Object.values(n));
    expect(new Set(all).size).toBe(all.length);
    for (const n of [a, b, c]) expect(Object.keys(n).sort()).toEqual(Object.keys(LEGACY_NAMES).sort());
  });

  it('no partitioned name is a name of before partitioning, nor a prefix that reaches one', () => {
    const legacy = Object.values(LEGACY_NAMES);
    for (const key of ['k', 'test-1', '']) {
      for (const n of Object.values(names(key, URL_A))) {
        expect(legacy).not.toContain(n);
        // The outbox database name is also the lock and channel prefix: `<db>:write:<key>` must not be a legacy name either.
        expect(n.startsWith(`${LEGACY_NAMES.db}:p`)).toBe(true);
      }
    }
  });

  it('stable for one project (the same on every page and every load) and the same URL however it is written', () => {
    expect(names('key-a', URL_A)).toEqual(names('key-a', URL_A));
    expect(names('key-a', `${URL_A}/`)).toEqual(names('key-a', URL_A));
    expect(names('key-a')).toEqual(names('key-a', URL_A));
    // A pinned value: a change of the hash would strand every visitor's stored data.
    expect(partitionId('demo-web-key', URL_A)).toBe(partitionId('demo-web-key', URL_A));
    expect(partitionId('demo-web-key', URL_A)).toMatch(/^[0-9a-z]{6,11}$/);
    expect(partitionId('demo-web-key', URL_A)).toBe(PINNED);
  });

  it('never the key itself: storage names are visible to the page', () => {
    for (const n of Object.values(names('sk-secret-looking-key', URL_A))) expect(n).not.toContain('secret');
  });

  it('the key and the URL cannot be traded for each other (whatever characters a key holds)', () => {
    expect(partitionId('a\nb', 'c')).not.toBe(partitionId('a', 'b\nc'));
    expect(partitionId('ab', 'c')).not.toBe(partitionId('a', 'bc'));
  });

  it("the visitor's anonymous id is shared by every project (it is the visitor's, not a project's)", () => {
    expect(ANONYMOUS_ID_KEY).toBe('support-copilot:v1:anonymous-id');
    for (const n of [names('a', URL_A), names('b', URL_A)]) expect(Object.values(n)).not.toContain(ANONYMOUS_ID_KEY);
  });
});

// Computed once and written down: stored data is found again only if this never changes.
const PINNED = '29zmzzhiz6z';
