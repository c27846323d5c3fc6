/** Ids never depend on a page-replaceable Array.from (an old library's ignores its function: every id would be the same). */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

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
