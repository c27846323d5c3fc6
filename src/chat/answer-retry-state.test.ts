import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS } from '../core/backoff.ts';
import { AUTO_ATTEMPTS, askedNow, nextRetry as next, parseRetry as parse, retryStore as store_, waitsForVisitor, type RetryState } from './answer-retry-state.ts';
import { answerRules } from './answer-rules.ts';

const nextRetry = (...a: Parameters<typeof next> extends [unknown, ...infer R] ? R : never) => next(answerRules, ...a);
const parseRetry = (...a: Parameters<typeof parse> extends [unknown, ...infer R] ? R : never) => parse(answerRules, ...a);
const retryStore = (...a: Parameters<typeof store_> extends [unknown, ...infer R] ? R : never) => store_(answerRules, ...a);

const failure = (retryAfterMs?: number, kind: 'busy' | 'offline' | 'timeout' = 'busy') => ({ kind, transient: true, retryAfterMs, detail: '' });

describe('nextRetry', () => {
  it('counts attempts per question and backs off like the outbox (full jitter, at least Retry-After)', () => {
    const one = nextRetry(undefined, 'q1', failure(), 1_000, () => 0.5);
    expect(one).toEqual({ question: 'q1', attempts: 1, failures: 1, kind: 'busy', nextAt: 1_000 + 500 });
    const two = nextRetry(one, 'q1', failure(), 2_000, () => 0.5);
    expect(two).toMatchObject({ attempts: 2, nextAt: 2_000 + 1_000 });
    expect(nextRetry(two, 'q1', failure(30_000), 3_000, () => 0.5).nextAt).toBe(33_000);
    // Another question starts over.
    expect(nextRetry(two, 'q2', failure(), 3_000, () => 0.5)).toMatchObject({ question: 'q2', attempts: 1, failures: 1 });
  });

  it(`allows ${AUTO_ATTEMPTS} automatic retries, then waits for the visitor; offline failures back off but are not counted`, () => {
    let s: RetryState = askedNow('q1', 0);
    expect(waitsForVisitor(s)).toBe(false);
    for (let i = 0; i < 50; i++) s = nextRetry(s, 'q1', failure(undefined, 'offline'), 0);
    expect(s).toMatchObject({ attempts: 50, failures: 0 });
    expect(waitsForVisitor(s)).toBe(false);
    const counted: boolean[] = [];
    for (let i = 0; i <= AUTO_ATTEMPTS; i++) {
      s = nextRetry(s, 'q1', failure(undefined, i % 2 ? 'timeout' : 'busy'), 0);
      counted.push(waitsForVisitor(s));
    }
    // The first attempt (the visitor's) and AUTO_ATTEMPTS retries: the last failure waits for Retry.
    expect(counted).toEqual([...Array<boolean>(AUTO_ATTEMPTS).fill(false), true]);
    // The visitor's Retry starts a new count.
    expect(waitsForVisitor(nextRetry(askedNow('q1', 0), 'q1', failure(), 0))).toBe(false);
  });

  it('refusals, empty answers and stopped questions wait for the visitor at once', () => {
    for (const kind of ['refused', 'empty', 'stopped', 'no_source'] as const) expect(waitsForVisitor({ ...askedNow('q', 0), kind }), kind).toBe(true);
  });
});

describe('parseRetry', () => {
  const ok = JSON.stringify({ question: 'q1', attempts: 2, failures: 1, nextAt: 5_000, kind: 'offline' });
  it('reads a valid state for the same question only', () => {
    expect(parseRetry(ok, 'q1', 1_000)).toEqual({ question: 'q1', attempts: 2, failures: 1, nextAt: 5_000, kind: 'offline' });
    expect(parseRetry(ok, 'other', 1_000)).toBeUndefined();
    // Stored before the count existed (a page updated mid-wait): counts from zero.
    expect(parseRetry(JSON.stringify({ question: 'q1', attempts: 2, nextAt: 5_000, kind: 'server' }), 'q1', 0)).toMatchObject({ failures: 0 });
    for (const kind of ['empty', 'stopped']) expect(parseRetry(JSON.stringify({ question: 'q1', attempts: 0, failures: 0, nextAt: 0, kind }), 'q1', 0), kind).toMatchObject({ kind });
  });
  it('ignores anything else the page may have written', () => {
    for (const raw of [null, '', '{', 'null', '[]', '{"question":"q1"}', JSON.stringify({ question: 'q1', attempts: 1, nextAt: 1, kind: 'nonsense' })]) {
      expect(parseRetry(raw, 'q1', 0), String(raw)).toBeUndefined();
    }
  });
  it('clamps a due time stranded by a clock that moved back', () => {
    const far = JSON.stringify({ question: 'q1', attempts: 1, nextAt: 10 * 3_600_000, kind: 'server' });
    expect(parseRetry(far, 'q1', 0)!.nextAt).toBe(BACKOFF_CAP_MS);
  });
});

describe('retryStore', () => {
  it('writes through to Web Storage and reads it back, keyed per conversation', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) } as Storage;
    const store = retryStore(() => storage, () => 0);
    store.write('c1', { question: 'q', attempts: 1, failures: 1, nextAt: 9, kind: 'timeout' });
    expect([...map.keys()]).toEqual(['support-copilot:v1:answer-retry:c1']);
    expect(retryStore(() => storage, () => 0).read('c1', 'q')).toMatchObject({ attempts: 1 });
    store.clear('c1');
    expect(map.size).toBe(0);
  });
  it("is each project's own (its namespace, core/storage-names.ts): one project's wait is not another's", () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) } as Storage;
    const a = store_({ ...answerRules, namespace: 'support-copilot:v1:pa' }, () => storage, () => 0);
    const b = store_({ ...answerRules, namespace: 'support-copilot:v1:pb' }, () => storage, () => 0);
    a.write('c1', { question: 'q', attempts: 2, failures: 0, nextAt: 9, kind: 'timeout' });
    expect(b.read('c1', 'q')).toBeUndefined();
    b.clear('c1');
    expect(a.read('c1', 'q')).toMatchObject({ attempts: 2 });
  });
  it('keeps the wait in memory when storage throws (blocked): never a hot loop', () => {
    const store = retryStore(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    store.write('c1', { question: 'q', attempts: 3, failures: 0, nextAt: Date.now() + 60_000, kind: 'offline' });
    expect(store.read('c1', 'q')).toMatchObject({ attempts: 3 });
    store.clear('c1');
    expect(store.read('c1', 'q')).toBeUndefined();
  });
});
