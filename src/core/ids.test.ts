/** Ids never depend on a page-replaceable Array.from (an old library's ignores its function: every id would be the same). */
import { describe, expect, it } from 'vitest';
import { randomPool, uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it("is well formed and distinct with an old library's Array.from that ignores its function", () => {
    const from = Array.from;
    Array.from = ((items: ArrayLike<unknown>) => from(items)) as typeof Array.from;
    try {
      const ids = new Set<string>();
      for (let i = 0; i < 50; i++) ids.add(uuidv7());
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(ids.size).toBe(50);
    } finally {
      Array.from = from;
    }
  });
});

describe('randomPool', () => {
  const real = () => globalThis.crypto;
  const distinctIds = (pool: Uint8Array) => {
    const ids = new Set<string>();
    for (let i = 0; i < 64; i++) ids.add(uuidv7(() => 1_700_000_000_000, (n) => pool.slice(i * n, i * n + n)));
    return ids.size;
  };
  it("uses the browser's randomness", () => {
    let calls = 0;
    const pool = randomPool(() => ({ getRandomValues: (b: Uint8Array) => (calls++, real().getRandomValues(b)) }), () => 0);
    expect(calls).toBe(1);
    expect(distinctIds(pool)).toBe(64);
  });
  // A page without crypto, with a throwing one, one answering garbage, a stub that fills nothing: ids are still made and distinct.
  const broken: [string, () => { getRandomValues(b: Uint8Array): unknown }][] = [
    ['missing', () => undefined as never],
    ['a throwing getter', () => { throw new TypeError('crypto is broken by the page'); }],
    ['a throwing getRandomValues', () => ({ getRandomValues: () => { throw new TypeError('broken'); } })],
    ['a getRandomValues that fills nothing', () => ({ getRandomValues: (b: Uint8Array) => b })],
  ];
  for (const [name, c] of broken) {
    it(`falls back to Math.random with ${name}`, () => {
      let draws = 0;
      const pool = randomPool(c, () => (draws++, Math.random()));
      expect(draws).toBe(1024);
      expect(distinctIds(pool)).toBe(64);
    });
  }
  it('uses the filled buffer, not the answer (a wrapper that fills it and returns garbage)', () => {
    const pool = randomPool(() => ({ getRandomValues: (b: Uint8Array) => (real().getRandomValues(b), {}) }), () => 0);
    expect(distinctIds(pool)).toBe(64);
  });
});
